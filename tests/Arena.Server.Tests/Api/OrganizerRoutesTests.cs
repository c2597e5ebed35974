using System.Net;
using System.Net.Http.Json;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Api;

/// <summary>The admin's organizer grant and the organizers' CSV export; one test per provider, so its first user is the admin.</summary>
public sealed class OrganizerRoutesTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Admins_name_organizers_who_export_a_spreadsheet_safe_leaderboard(Provider provider)
    {
        var app = await apps.For(provider);
        var admin = await app.SignUpAsync("first-admin");
        var organizer = await app.SignUpAsync("teacher");
        var participant = await app.SignUpAsync("+SUM");
        await participant.WaitForResultAsync(await participant.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission()));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/admin/organizers", new { userName = "teacher" }, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsJsonAsync("/api/admin/organizers", new { userName = "teacher" }, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/admin/organizers", new { userName = "nobody" }, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await organizer.GetAsync("/api/competitions/binary/leaderboard.csv", Cancellation)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/admin/organizers", new { userName = "teacher" }, Cancellation)).StatusCode);
        // Roles are read from the database on each request: the grant applies to the token the teacher already has.

        var export = await organizer.GetAsync("/api/competitions/binary/leaderboard.csv?view=private", Cancellation);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync(Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rank,displayName,kind,score,submissionCount,lastSubmittedAt,publicRank,shakeUp,beatsHuman,replicated,"
            + "scoreLow,scoreHigh,humanItemSet,humanItems,onHumanItems,humanOnHumanItems,differenceFromHuman,differenceLow,differenceHigh,mcnemarP", lines[0]);
        Assert.StartsWith("1,\"'+SUM\",\"participant\",1,1,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",1,0,true," + new string(',', 10), lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith(",\"Study group\",\"human\",0.7,", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, (await participant.GetAsync("/api/competitions/binary/leaderboard.csv", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/competitions/binary/leaderboard.csv", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/competitions/binary/leaderboard.csv", Cancellation)).StatusCode);
    }
}

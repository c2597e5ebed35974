using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Running;

public sealed class SanctionTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_sanctioned_submission_leaves_the_leaderboard_and_its_owner_reads_why(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("sanction-admin");
            var cheater = await app.SignUpAsync("cheater");
            var other = await app.SignUpAsync("other-organizer");
            await Organizers.GiveGroupCompetitionAsync(app, "other-organizer", "other-group", "closed");
            var id = await cheater.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());
            await cheater.WaitForResultAsync(id);
            Assert.True((await Organizers.LeaderboardRowsAsync(app, "binary")).Ranks("cheater"));

            const string Reason = "The predictions were copied from the solution file.";
            Assert.Equal(HttpStatusCode.Forbidden, (await cheater.PostAsJsonAsync($"/api/submissions/{id}/sanction", new { kind = "hidden", reason = "x" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/submissions/{id}/sanction", new { kind = "hidden", reason = "x" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/submissions/{id}/sanction", new { kind = "banned", reason = Reason }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/submissions/{id}/sanction", new { kind = "hidden", reason = " " }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/submissions/{id}/sanction", new { kind = "hidden", reason = new string('x', 1001) }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/submissions/{Guid.NewGuid()}/sanction", new { kind = "hidden", reason = Reason }, Cancellation)).StatusCode);

            var sanctioned = await admin.PostAsJsonAsync($"/api/submissions/{id}/sanction", new { kind = "disqualified", reason = Reason }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, sanctioned.StatusCode);
            Assert.False((await Organizers.LeaderboardRowsAsync(app, "binary")).Ranks("cheater"));
            var seen = await cheater.GetFromJsonAsync<JsonObject>($"/api/submissions/{id}", Cancellation);
            Assert.Equal(("disqualified", Reason), (seen!["sanction"]!.GetValue<string>(), seen["sanctionReason"]!.GetValue<string>()));
            // A sanctioned submission does not stop its owner from submitting.
            Assert.Equal(HttpStatusCode.Accepted, (await cheater.SubmitAsync("binary", TestBundles.BinarySubmission(swaps: 3))).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/submissions/{id}/sanction", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/submissions/{id}/sanction", Cancellation)).StatusCode);
            Assert.True((await Organizers.LeaderboardRowsAsync(app, "binary")).Ranks("cheater"));
            var lifted = await cheater.GetFromJsonAsync<JsonObject>($"/api/submissions/{id}", Cancellation);
            Assert.Null(lifted!["sanction"]);

            var audit = await Organizers.AuditAsync(admin, "binary");
            Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "submission-sanctioned" && e["actor"]!.GetValue<string>() == "sanction-admin"
                && e["details"]!["reason"]!.GetValue<string>() == Reason);
            Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "submission-sanction-lifted");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_disqualified_participant_leaves_the_leaderboard_and_may_not_submit_until_lifted(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("sanction-admin");
            var participant = await app.SignUpAsync("ringer");
            var other = await app.SignUpAsync("other-organizer");
            await Organizers.GiveGroupCompetitionAsync(app, "other-organizer", "other-group", "closed");
            await participant.WaitForResultAsync(await participant.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 1)));
            const string Route = "/api/competitions/binary/participants/ringer/sanction";
            var before = await participant.GetFromJsonAsync<JsonObject>("/api/competitions/binary/participation", Cancellation);
            Assert.Null(before!["sanction"]);
            Assert.Null(before["reason"]);

            const string Reason = "Two accounts for one person.";
            Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsJsonAsync(Route, new { kind = "disqualified", reason = Reason }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync(Route, new { kind = "disqualified", reason = Reason }, Cancellation)).StatusCode);
            var unknown = await admin.PostAsJsonAsync("/api/competitions/binary/participants/no-such-user/sanction", new { kind = "hidden", reason = Reason }, Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("no-such-user", await unknown.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync(Route, new { kind = "disqualified", reason = Reason }, Cancellation)).StatusCode);
            Assert.False((await Organizers.LeaderboardRowsAsync(app, "binary")).Ranks("ringer"));
            var told = await participant.GetFromJsonAsync<JsonObject>("/api/competitions/binary/participation", Cancellation);
            Assert.Equal(("disqualified", Reason), (told!["sanction"]!.GetValue<string>(), told["reason"]!.GetValue<string>()));
            var refused = await participant.SubmitAsync("binary", TestBundles.BinarySubmission());
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains(Reason, (await refused.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            var limits = await participant.GetFromJsonAsync<JsonObject>("/api/competitions/binary/limits", Cancellation);
            Assert.Equal(1, limits!["used"]!.GetValue<int>());

            // Hidden instead (an upsert): still off the leaderboard, but the participant may submit.
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync(Route, new { kind = "hidden", reason = "Under review." }, Cancellation)).StatusCode);
            Assert.False((await Organizers.LeaderboardRowsAsync(app, "binary")).Ranks("ringer"));
            Assert.Equal(HttpStatusCode.Accepted, (await participant.SubmitAsync("binary", TestBundles.BinarySubmission(swaps: 2))).StatusCode);

            Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync(Route, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(Route, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(Route, Cancellation)).StatusCode);
            Assert.True((await Organizers.LeaderboardRowsAsync(app, "binary")).Ranks("ringer"));
            var after = await participant.GetFromJsonAsync<JsonObject>("/api/competitions/binary/participation", Cancellation);
            Assert.Null(after!["sanction"]);

            var actions = (await Organizers.AuditAsync(admin, "binary")).Select(e => e!["action"]!.GetValue<string>()).ToList();
            Assert.Equal(2, actions.Count(a => a == "participant-sanctioned"));
            Assert.Single(actions, a => a == "participant-sanction-lifted");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

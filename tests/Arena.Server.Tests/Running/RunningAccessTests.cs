using System.Net;
using System.Net.Http.Json;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Server.Tests.Running;

/// <summary>Every route of a running competition: anonymous 401, participant 403, someone else's organizer 403 (or 404 where they cannot see it).</summary>
public sealed class RunningAccessTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    static List<(HttpMethod Method, string Path, object? Body)> Routes(string slug, Guid submission) =>
    [
        (HttpMethod.Patch, $"/api/competitions/{slug}", new { title = "Taken over" }),
        (HttpMethod.Post, $"/api/competitions/{slug}/extra-submissions", new { userName = "access-participant", count = 5 }),
        (HttpMethod.Post, $"/api/submissions/{submission}/sanction", new { kind = "hidden", reason = "No reason." }),
        (HttpMethod.Delete, $"/api/submissions/{submission}/sanction", null),
        (HttpMethod.Post, $"/api/competitions/{slug}/participants/access-participant/sanction", new { kind = "hidden", reason = "No reason." }),
        (HttpMethod.Delete, $"/api/competitions/{slug}/participants/access-participant/sanction", null),
        (HttpMethod.Post, $"/api/competitions/{slug}/rescore", null),
        (HttpMethod.Get, $"/api/competitions/{slug}/rescore/1", null),
    ];

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Only_the_competitions_organizers_reach_its_running_routes(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("access-admin");
            var participant = await app.SignUpAsync("access-participant");
            var outsider = await app.SignUpAsync("access-outsider");
            var owner = await app.SignUpAsync("access-owner");
            await Organizers.GiveGroupCompetitionAsync(app, "access-outsider", "outsiders", "closed");
            var visible = await participant.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());
            // The admin sees every competition, so it can submit to the group competition the outsider cannot see.
            var hidden = await admin.SubmitAcceptedAsync("labels", "id,label\na1,cat\na2,dog\na3,cat\nprivate-only-id-77,cat\na5,dog\n");
            await Organizers.GiveGroupCompetitionAsync(app, "access-owner", "owners", "labels");

            var anonymous = app.CreateClient();
            foreach (var (method, path, body) in Routes("binary", visible))
            {
                Assert.Equal((method, path, HttpStatusCode.Unauthorized), (method, path, await StatusAsync(anonymous, method, path, body)));
                Assert.Equal((method, path, HttpStatusCode.Forbidden), (method, path, await StatusAsync(participant, method, path, body)));
                Assert.Equal((method, path, HttpStatusCode.Forbidden), (method, path, await StatusAsync(outsider, method, path, body)));
            }
            foreach (var (method, path, body) in Routes("labels", hidden))
                Assert.Equal((method, path, HttpStatusCode.NotFound), (method, path, await StatusAsync(outsider, method, path, body)));
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/competitions/binary/participation", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync("/api/competitions/labels/participation", Cancellation)).StatusCode);

            // The group's own organizer runs its competition; nothing above changed it.
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(owner, HttpMethod.Patch, "/api/competitions/labels", new { description = "Ours." }));
            Assert.Empty(await Organizers.AuditAsync(admin, "binary"));

            // The hub: only an organizer of the competition joins its organizers.
            await using var participantHub = await app.ConnectHubAsync(await app.TokenAsync("access-participant"));
            await Assert.ThrowsAsync<HubException>(() => participantHub.InvokeAsync(nameof(ILeaderboardHub.WatchAsOrganizer), "binary", Cancellation));
            await using var outsiderHub = await app.ConnectHubAsync(await app.TokenAsync("access-outsider"));
            var unseen = await Assert.ThrowsAsync<HubException>(() => outsiderHub.InvokeAsync(nameof(ILeaderboardHub.WatchAsOrganizer), "labels", Cancellation));
            var missing = await Assert.ThrowsAsync<HubException>(() => outsiderHub.InvokeAsync(nameof(ILeaderboardHub.WatchAsOrganizer), "no-such-competition", Cancellation));
            Assert.Equal(missing.Message.Replace("no-such-competition", "labels", StringComparison.Ordinal), unseen.Message);
            await using var ownerHub = await app.ConnectHubAsync(await app.TokenAsync("access-owner"));
            await ownerHub.InvokeAsync(nameof(ILeaderboardHub.WatchAsOrganizer), "labels", Cancellation);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        return (await client.SendAsync(request, Cancellation)).StatusCode;
    }
}

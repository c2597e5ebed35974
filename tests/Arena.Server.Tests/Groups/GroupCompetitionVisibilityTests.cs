using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Server.Tests.Groups;

/// <summary>
/// A group competition is seen by the group's members only: to anyone else every route and the hub answer exactly as
/// for a competition that does not exist, and joining or leaving the group changes that at once.
/// </summary>
public sealed class GroupCompetitionVisibilityTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    const string Missing = "no-such-competition";
    readonly string _bundles = TestBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Only_members_see_submit_to_and_watch_a_group_competition(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            var pat = await app.SignUpAsync("pat");
            await olga.CreateGroupAsync("ml-study");
            await app.AttachToGroupAsync("binary", "ml-study");
            var anonymous = app.CreateClient();
            await using var anonymousHub = await app.ConnectHubAsync();
            await using var patHub = await app.ConnectHubAsync(await app.TokenAsync("pat"));

            await AssertInvisibleAsync(pat, patHub, "an outsider");
            await AssertInvisibleAsync(anonymous, anonymousHub, "an anonymous caller");
            Assert.Contains("binary", await ListedAsync(olga));
            // Creating the group made olga its owner, and so an organizer of its competitions.
            Assert.Equal(HttpStatusCode.OK, (await olga.GetAsync("/api/competitions/binary/leaderboard.csv", Cancellation)).StatusCode);

            Assert.Equal("member", await pat.JoinedAsync(await olga.InviteAsync("ml-study")));
            Assert.Contains("binary", await ListedAsync(pat));
            var seen = await RouteStatusesAsync(pat, "binary");
            Assert.Equal(new Dictionary<string, HttpStatusCode>
            {
                ["GET details"] = HttpStatusCode.OK, ["GET files"] = HttpStatusCode.OK, ["GET file"] = HttpStatusCode.OK,
                ["GET leaderboard"] = HttpStatusCode.OK, ["GET private leaderboard"] = HttpStatusCode.Forbidden, ["GET limits"] = HttpStatusCode.OK,
                ["POST validate"] = HttpStatusCode.OK, ["POST submission"] = HttpStatusCode.Accepted, ["GET submissions"] = HttpStatusCode.OK,
            }, seen);
            var id = await pat.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());
            var result = await pat.WaitForResultAsync(id);
            Assert.Equal("scored", result["status"]!.GetValue<string>());
            var snapshot = await patHub.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), "binary", Cancellation);
            Assert.Equal("binary", snapshot.Competition);
            Assert.Contains(snapshot.Rows, r => r.DisplayName == "pat" && r.Rank == 1);
            await AssertInvisibleAsync(anonymous, anonymousHub, "an anonymous caller while pat is a member");

            Assert.Equal(HttpStatusCode.NoContent, (await pat.PostAsync("/api/groups/ml-study/leave", null, Cancellation)).StatusCode);
            await AssertInvisibleAsync(pat, patHub, "a member who left");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>A member who leaves stops receiving pushes on a connection that started watching while they belonged.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Leaving_the_group_stops_the_pushes_to_a_connection_that_was_already_watching(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            var pat = await app.SignUpAsync("pat");
            var sam = await app.SignUpAsync("sam");
            await olga.CreateGroupAsync("ml-study");
            await app.AttachToGroupAsync("binary", "ml-study");
            var code = await olga.InviteAsync("ml-study");
            await pat.JoinedAsync(code);
            await sam.JoinedAsync(code);
            await using var patHub = await app.ConnectHubAsync(await app.TokenAsync("pat"));
            await using var samHub = await app.ConnectHubAsync(await app.TokenAsync("sam"));
            var patPushes = new Live.HubRecorder(patHub);
            var samPushes = new Live.HubRecorder(samHub);
            await patHub.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), "binary", Cancellation);
            await samHub.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), "binary", Cancellation);

            await sam.WaitForResultAsync(await sam.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 2)));
            await HangfireJobs.EventuallyAsync(() => patPushes.Snapshots.Count > 0 && samPushes.Snapshots.Count > 0, "both members should get the first push");
            Assert.Equal(HttpStatusCode.NoContent, (await pat.PostAsync("/api/groups/ml-study/leave", null, Cancellation)).StatusCode);
            var patBefore = patPushes.Snapshots.Count;
            var samBefore = samPushes.Snapshots.Count;

            await sam.WaitForResultAsync(await sam.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission()));
            await HangfireJobs.EventuallyAsync(() => samPushes.Snapshots.Count > samBefore, "the remaining member should get the next push");
            await Task.Delay(300, Cancellation);
            Assert.Equal(patBefore, patPushes.Snapshots.Count);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>Absent from the list; every route and the hub answer as for a slug that does not exist.</summary>
    static async Task AssertInvisibleAsync(HttpClient client, HubConnection hub, string who)
    {
        Assert.DoesNotContain("binary", await ListedAsync(client));
        Assert.Contains("labels", await ListedAsync(client));
        var statuses = await RouteStatusesAsync(client, "binary");
        Assert.Equal(await RouteStatusesAsync(client, Missing), statuses);
        var signedIn = client.DefaultRequestHeaders.Authorization is not null;
        Assert.All(statuses, s => Assert.True(s.Value == HttpStatusCode.NotFound || (!signedIn && s.Value == HttpStatusCode.Unauthorized),
            $"{s.Key} answered {(int)s.Value} to {who}"));

        var hidden = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), "binary", Cancellation));
        var missing = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), Missing, Cancellation));
        Assert.Equal(missing.Message.Replace(Missing, "binary", StringComparison.Ordinal), hidden.Message);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    static async Task<List<string>> ListedAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonArray>("/api/competitions", Cancellation))!.Select(c => c!["slug"]!.GetValue<string>())];

    static async Task<Dictionary<string, HttpStatusCode>> RouteStatusesAsync(HttpClient client, string slug)
    {
        var csv = TestBundles.BinarySubmission(swaps: 1);
        return new Dictionary<string, HttpStatusCode>
        {
            ["GET details"] = (await client.GetAsync($"/api/competitions/{slug}", Cancellation)).StatusCode,
            ["GET files"] = (await client.GetAsync($"/api/competitions/{slug}/files", Cancellation)).StatusCode,
            ["GET file"] = (await client.GetAsync($"/api/competitions/{slug}/files/test.csv", Cancellation)).StatusCode,
            ["GET leaderboard"] = (await client.GetAsync($"/api/competitions/{slug}/leaderboard", Cancellation)).StatusCode,
            ["GET private leaderboard"] = (await client.GetAsync($"/api/competitions/{slug}/leaderboard?view=private", Cancellation)).StatusCode,
            ["GET limits"] = (await client.GetAsync($"/api/competitions/{slug}/limits", Cancellation)).StatusCode,
            ["POST validate"] = (await client.ValidateAsync(slug, csv)).StatusCode,
            ["POST submission"] = (await client.SubmitAsync(slug, csv)).StatusCode,
            ["GET submissions"] = (await client.GetAsync($"/api/competitions/{slug}/submissions", Cancellation)).StatusCode,
        };
    }
}

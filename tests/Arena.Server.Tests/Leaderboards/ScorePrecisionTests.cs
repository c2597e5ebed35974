using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Arena.Server.Tests.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Server.Tests.Leaderboards;

/// <summary>
/// Probing: a participant is shown every score rounded to the competition's display decimals, on every channel (the
/// leaderboard API, the hub's snapshots and submission pushes, their own results, the pages, the chart data), while
/// the organizer's leaderboard keeps every digit; and the optional Ladder only moves a shown best by more than its step.
/// </summary>
public sealed class ScorePrecisionTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Public ids 1..6 (positives 1, 3, 5): <paramref name="misordered"/> negatives ranked above positive 1, so AUC (9 - n)/9.</summary>
    static string Auc(int misordered) => TestBundles.BinarySubmission(value: id => id switch
    {
        1 => "0.3",
        2 or 4 or 6 when (id / 2) <= misordered => "0.5",
        _ => TestBundles.Label(id) == 1 ? "0.9" : "0.1",
    });

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_participant_never_receives_more_digits_than_the_display_precision_and_the_organizer_gets_all(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles);
        try
        {
            var organizer = await app.SignUpAsync("organizer");
            var edit = await organizer.PatchAsJsonAsync("/api/competitions/binary", new { scoreDecimals = 3 }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
            Assert.Equal(3, (int?)(await edit.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["scoreDecimals"]);
            var participant = await app.SignUpAsync("prober");
            var token = participant.DefaultRequestHeaders.Authorization!.Parameter!;
            await using var hub = await app.ConnectHubAsync(token);
            var recorder = new HubRecorder(hub);
            await hub.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), "binary", Cancellation);

            var id = await participant.SubmitAcceptedAsync("binary", Auc(1));
            await participant.WaitForResultAsync(id);
            await WaitForAsync(() => recorder.Snapshots.Any(s => s.Rows.Any(r => r.DisplayName == "prober"))
                && recorder.UpdatesFor(id).Any(u => u.Status == "scored"));

            const double full = 8.0 / 9;
            var organizerBoard = await organizer.GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation);
            Assert.Equal(full, ScoreOf(organizerBoard!, "prober"));

            var shown = new Dictionary<string, double?>
            {
                ["leaderboard (participant)"] = ScoreOf((await participant.GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!, "prober"),
                ["leaderboard (anonymous)"] = ScoreOf((await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!, "prober"),
                ["own submission"] = (double?)(await participant.GetFromJsonAsync<JsonObject>($"/api/submissions/{id}", Cancellation))!["publicScore"],
                ["own list"] = (double?)(await participant.GetFromJsonAsync<JsonArray>("/api/competitions/binary/submissions", Cancellation))![0]!["publicScore"],
                ["hub snapshot"] = recorder.Snapshots.Last(s => s.Rows.Any(r => r.DisplayName == "prober")).Rows.Single(r => r.DisplayName == "prober").Score,
                ["hub submission update"] = recorder.UpdatesFor(id).Last().PublicScore,
            };
            var chart = await participant.GetFromJsonAsync<JsonObject>("/c/binary/charts?handler=Data", Cancellation);
            var series = chart!["progress"]!.AsArray().Single(s => (string?)s!["name"] == "prober")!;
            shown["chart best"] = (double?)series["best"];
            shown["chart point"] = (double?)series["points"]![0]!["score"];

            Assert.All(shown, pair => Assert.True(pair.Value == 0.889, $"{pair.Key}: {pair.Value}"));
            // Every number any of these carried: none has more than 3 decimals.
            foreach (var snapshot in recorder.Snapshots)
                Assert.All(snapshot.Rows.Where(r => r.Score is not null), r => Assert.Equal(Math.Round(r.Score!.Value, 3), r.Score));

            var page = await participant.GetStringAsync("/c/binary/leaderboard", Cancellation);
            var submissions = await participant.GetStringAsync("/c/binary/submissions", Cancellation);
            Assert.Contains("0.889", page);
            Assert.Contains("0.889", submissions);
            Assert.DoesNotContain("0.8888", page);
            Assert.DoesNotContain("0.8888", submissions);
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_default_is_five_decimals_and_a_bad_setting_is_a_400_naming_it(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles);
        try
        {
            var organizer = await app.SignUpAsync("organizer");
            var participant = await app.SignUpAsync("defaults");
            var id = await participant.SubmitAcceptedAsync("binary", Auc(2));
            await participant.WaitForResultAsync(id);

            var details = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary", Cancellation);
            var board = await participant.GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation);
            var tooMany = await organizer.PatchAsJsonAsync("/api/competitions/binary", new { scoreDecimals = 16 }, Cancellation);
            var negativeStep = await organizer.PatchAsJsonAsync("/api/competitions/binary", new { ladderStep = -0.1 }, Cancellation);

            Assert.Equal(5, (int?)details!["scoreDecimals"]);
            Assert.Null(details["ladderStep"]?.GetValue<double?>());
            Assert.Equal(0.77778, ScoreOf(board!, "defaults"));
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
            Assert.Contains("'scoreDecimals'", (string?)(await tooMany.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["detail"]);
            Assert.Equal(HttpStatusCode.BadRequest, negativeStep.StatusCode);
            Assert.Contains("'ladderStep'", (string?)(await negativeStep.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["detail"]);
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    /// <summary>
    /// Step 0.1: 7/9 releases 0.8; 8/9 beats 0.8 by less than the step, so 0.8 stays (for the submission too); 9/9 beats it
    /// by 0.2 and releases 1. The organizer sees the true best, 8/9, in between. Turning the Ladder off shows it again.
    /// </summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task With_the_ladder_on_the_shown_best_moves_only_by_more_than_the_step(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles);
        try
        {
            var organizer = await app.SignUpAsync("organizer");
            Assert.Equal(HttpStatusCode.OK, (await organizer.PatchAsJsonAsync("/api/competitions/binary", new { ladderStep = 0.1 }, Cancellation)).StatusCode);
            var climber = await app.SignUpAsync("climber");
            var rival = await app.SignUpAsync("rival");
            var rivalId = await rival.SubmitAcceptedAsync("binary", Auc(3));
            await rival.WaitForResultAsync(rivalId);

            var shown = new List<double?>();
            var organizerSaw = new List<double?>();
            var own = new List<double?>();
            foreach (var misordered in (int[])[2, 1, 0])
            {
                var id = await climber.SubmitAcceptedAsync("binary", Auc(misordered));
                await climber.WaitForResultAsync(id);
                shown.Add(ScoreOf((await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!, "climber"));
                organizerSaw.Add(ScoreOf((await organizer.GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!, "climber"));
                own.Add((double?)(await climber.GetFromJsonAsync<JsonObject>($"/api/submissions/{id}", Cancellation))!["publicScore"]);
            }
            Assert.Equal(HttpStatusCode.OK, (await organizer.PatchAsJsonAsync("/api/competitions/binary", new { ladderStep = 0 }, Cancellation)).StatusCode);
            var afterOff = (await climber.GetFromJsonAsync<JsonArray>("/api/competitions/binary/submissions", Cancellation))!
                .Select(s => (double?)s!["publicScore"]).ToList();

            Assert.Equal([0.8, 0.8, 1.0], shown);
            Assert.Equal([0.8, 0.8, 1.0], own);
            Assert.Equal([7.0 / 9, 8.0 / 9, 1.0], organizerSaw);
            Assert.Equal([1.0, 0.88889, 0.77778], afterOff);
            // The rival's 6/9 released 0.7, so climber ranks first throughout.
            var board = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!;
            Assert.Equal("climber", (string?)board["rows"]!.AsArray().First(r => (int?)r!["rank"] == 1)!["displayName"]);
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    static double? ScoreOf(JsonObject board, string displayName) =>
        (double?)board["rows"]!.AsArray().Single(r => (string?)r!["displayName"] == displayName)!["score"];

    static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("no push within 30 s");
            await Task.Delay(20, Cancellation);
        }
    }
}

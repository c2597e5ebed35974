using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Api;

/// <summary>Ranking rules on the <c>deadline</c> bundle, with a fake clock that starts before its deadline.</summary>
public sealed class LeaderboardRoutesTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2029, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    Task<ArenaApp> StartAsync(Provider provider) =>
        ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Participants_rank_by_best_score_with_reference_rows_in_place(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            var perfect = await app.SignUpAsync("perfect");
            var good = await app.SignUpAsync("good");
            var weak = await app.SignUpAsync("weak");
            await ScoreAsync(weak, TestBundles.BinarySubmission(swaps: 3));
            await ScoreAsync(good, TestBundles.BinarySubmission(swaps: 1));
            await ScoreAsync(good, TestBundles.BinarySubmission(swaps: 3));
            await ScoreAsync(perfect, TestBundles.BinarySubmission());

            var board = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/deadline/leaderboard", Cancellation);
            var rows = board!["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();

            Assert.Equal("deadline", board["competition"]!.GetValue<string>());
            Assert.Equal("public", board["view"]!.GetValue<string>());
            var order = rows.Select(r => (r["displayName"]!.GetValue<string>(), r["rank"]?.GetValue<int>(), r["kind"]!.GetValue<string>())).ToList();
            var expected = new[]
            {
                ("perfect", (int?)1, "participant", PublicScore(TestBundles.BinarySubmission())),
                ("good", 2, "participant", PublicScore(TestBundles.BinarySubmission(swaps: 1))),
                ("Benchmark file", null, "benchmark", PublicScore(TestBundles.BinarySubmission(swaps: 2))),
                ("weak", 3, "participant", PublicScore(TestBundles.BinarySubmission(swaps: 3))),
                ("Study group", null, "human", 0.75),
            }.OrderByDescending(e => e.Item4).ThenBy(e => e.Item2 is null).ToList();
            Assert.Equal(expected.Select(e => (e.Item1, e.Item2, e.Item3)), order);
            // An anonymous reader sees the display precision (5 decimals by default).
            foreach (var (row, want) in rows.Zip(expected)) Assert.Equal(Math.Round(want.Item4, 5, MidpointRounding.AwayFromZero), row["score"]!.GetValue<double>(), 12);
            var good2 = rows.Single(r => r["displayName"]!.GetValue<string>() == "good");
            Assert.Equal(2, good2["submissionCount"]!.GetValue<int>());
            foreach (var participant in rows.Where(r => r["kind"]!.GetValue<string>() == "participant"))
                Assert.Equal(participant["score"]!.GetValue<double>() > 0.75, participant["beatsHuman"]!.GetValue<bool>());
            Assert.All(rows.Where(r => r["kind"]!.GetValue<string>() != "participant"), r => Assert.Null(r["beatsHuman"]));
            // perfect's score arrived last and moved good from first to second.
            Assert.Null(rows.Single(r => r["displayName"]!.GetValue<string>() == "perfect")["delta"]);
            Assert.Equal(-1, good2["delta"]!.GetValue<int>());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>
    /// The closing job is scheduled in Hangfire at the deadline; it reads the time from the fake clock, so moving the
    /// clock past the deadline and letting Hangfire run that very job reveals the private view and pushes it.
    /// </summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_scheduled_closing_job_reveals_the_private_view_at_the_deadline_with_the_final_submissions(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            var ann = await app.SignUpAsync("ann");
            // Without a selection, the best 2 by public score count: their better private score is ann's.
            foreach (var swaps in new[] { 0, 1, 3 }) await ScoreAsync(ann, TestBundles.BinarySubmission(swaps: swaps));
            var client = app.CreateClient();
            var deadline = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var closingJob = app.ScheduledClosingJobs().Single(job => job.EnqueueAt == deadline);

            var before = await client.GetAsync("/api/competitions/deadline/leaderboard?view=private", Cancellation);
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
            Assert.Equal("application/problem+json", before.Content.Headers.ContentType?.MediaType);

            // Run early, the job finds nothing due and reveals nothing.
            await app.RunJobNowAsync(closingJob.Id);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/competitions/deadline/leaderboard?view=private", Cancellation)).StatusCode);

            await using var hub = await app.ConnectHubAsync();
            var watched = new Live.HubRecorder(hub);
            await hub.InvokeAsync<LeaderboardSnapshot>("Watch", "deadline", Cancellation);
            // (The every-minute safety net may get there first now; either way it is this job's code that reveals.)
            _clock.SetUtcNow(new DateTimeOffset(2030, 1, 1, 0, 0, 1, TimeSpan.Zero));
            await app.RunJobNowAsync(closingJob.Id);

            var board = await client.GetFromJsonAsync<JsonObject>("/api/competitions/deadline/leaderboard?view=private", Cancellation);
            var row = board!["rows"]!.AsArray().Single(r => r!["kind"]!.GetValue<string>() == "participant")!;
            var expected = new[] { 0, 1 }.Max(s => PrivateScore(TestBundles.BinarySubmission(swaps: s)));
            Assert.Equal(expected, row["score"]!.GetValue<double>(), 12);
            Assert.Equal(1, row["publicRank"]!.GetValue<int>());
            Assert.Equal(0, row["shakeUp"]!.GetValue<int>());
            Assert.Equal("private", board["view"]!.GetValue<string>());
            Assert.True(board["summary"]!["privateRevealed"]!.GetValue<bool>());
            Assert.True(board["summary"]!["publicFrozen"]!.GetValue<bool>());
            Assert.Equal(0.7, board["rows"]!.AsArray().Single(r => r!["kind"]!.GetValue<string>() == "human")!["score"]!.GetValue<double>());
            await HangfireJobs.EventuallyAsync(() => watched.Snapshots.Any(s => s.Summary.PrivateRevealed), "the reveal was not pushed to watchers");

            var bad = await client.GetAsync("/api/competitions/deadline/leaderboard?view=secret", Cancellation);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>Scores a submission, then moves the fake clock on, so each submission has its own time.</summary>
    async Task ScoreAsync(HttpClient client, string csv)
    {
        Assert.Equal("scored", (await client.WaitForResultAsync(await client.SubmitAcceptedAsync("deadline", csv)))["status"]!.GetValue<string>());
        _clock.Advance(TimeSpan.FromSeconds(1));
    }

    static double PublicScore(string csv) => Score(csv).Public!.Value;

    static double PrivateScore(string csv) => Score(csv).Private!.Value;

    static ScoreResult Score(string csv)
    {
        var solution = Solution.Load(CsvInput.FromText(SolutionText()), MetricSettings.Defaults(MetricCatalog.Find("auc")));
        return Scorer.Score(solution, CsvInput.FromText(csv)).Result!;
    }

    static string SolutionText() =>
        "id,target,Usage\n" + string.Concat(Enumerable.Range(1, TestBundles.BinaryRows).Select(id => $"{id},{TestBundles.Label(id)},{TestBundles.Usage(id)}\n"));
}

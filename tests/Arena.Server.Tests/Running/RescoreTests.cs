using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arena.Contracts;
using Arena.Data;
using Arena.Scoring;
using Arena.Server.Running;
using Arena.Server.Scoring;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Running;

public sealed class RescoreTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();

    /// <summary>Each participant's file, by user name.</summary>
    static readonly Dictionary<string, string> Files = new()
    {
        ["rescore-perfect"] = TestBundles.BinarySubmission(),
        ["rescore-good"] = TestBundles.BinarySubmission(swaps: 1),
        ["rescore-weak"] = TestBundles.BinarySubmission(swaps: 3),
    };

    static readonly string BenchmarkFile = TestBundles.BinarySubmission(swaps: 2);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_rescore_after_a_scorer_version_bump_changes_the_stored_scores(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("rescore-admin");
            foreach (var (user, csv) in Files)
            {
                var client = await app.SignUpAsync(user);
                await client.WaitForResultAsync(await client.SubmitAcceptedAsync("binary", csv));
            }
            var tampered = await PretendAnOlderScorerAsync(app, "rescore-perfect", "rescore-weak");
            var versionBefore = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!["version"]!.GetValue<long>();

            await using var organizerHub = await app.ConnectHubAsync(await app.TokenAsync("rescore-admin"));
            var progress = new List<RescoreProgress>();
            organizerHub.On<JsonElement>(nameof(ILeaderboardClient.RescoreProgress), json => { lock (progress) progress.Add(json.Deserialize<RescoreProgress>(ArenaClients.Json)!); });
            await organizerHub.InvokeAsync(nameof(ILeaderboardHub.WatchAsOrganizer), "binary", Cancellation);
            await using var participantHub = await app.ConnectHubAsync(await app.TokenAsync("rescore-good"));
            await Assert.ThrowsAsync<HubException>(() => participantHub.InvokeAsync(nameof(ILeaderboardHub.WatchAsOrganizer), "binary", Cancellation));

            var started = await admin.PostAsync("/api/competitions/binary/rescore", null, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["runId"]!.GetValue<int>();
            Assert.Equal($"/api/competitions/binary/rescore/{runId}", started.Headers.Location?.OriginalString);
            var run = await WaitForFinishAsync(admin, runId);

            Assert.Equal((Files.Count + 1, Files.Count + 1, tampered, ScorerInfo.Version),
                (run["total"]!.GetValue<int>(), run["done"]!.GetValue<int>(), run["changed"]!.GetValue<int>(), run["scorerVersion"]!.GetValue<string>()));
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
                var row0 = await db.Submissions.AsNoTracking().FirstAsync(s => s.User!.UserName == "rescore-perfect", Cancellation);
                foreach (var (user, csv) in Files)
                {
                    var row = await db.Submissions.AsNoTracking().SingleAsync(s => s.User!.UserName == user, Cancellation);
                    var expected = Organizers.BinaryScore(csv);
                    Assert.Equal((expected.Public, expected.Private, ScorerInfo.Version, (int?)runId), (row.PublicScore, row.PrivateScore, row.ScorerVersion, row.RescoreRunId));
                }
                var benchmark = await db.ReferenceRows.AsNoTracking().SingleAsync(r => r.Name == "Benchmark file" && r.CompetitionId == row0.CompetitionId, Cancellation);
                var benchmarkScore = Organizers.BinaryScore(BenchmarkFile);
                Assert.Equal((benchmarkScore.Public, benchmarkScore.Private, ScorerInfo.Version), (benchmark.PublicScore, benchmark.PrivateScore, benchmark.ScorerVersion));
            }

            var board = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation);
            Assert.True(board!["version"]!.GetValue<long>() > versionBefore);
            var scores = board["rows"]!.AsArray().ToDictionary(r => r!["displayName"]!.GetValue<string>(), r => r!["score"]!.GetValue<double>());
            // An anonymous reader sees the display precision (5 decimals by default).
            foreach (var (user, csv) in Files) Assert.Equal(Math.Round(Organizers.BinaryScore(csv).Public!.Value, 5, MidpointRounding.AwayFromZero), scores[user]);
            Assert.Equal(Math.Round(Organizers.BinaryScore(BenchmarkFile).Public!.Value, 5, MidpointRounding.AwayFromZero), scores["Benchmark file"]);

            await WaitForAsync(() => { lock (progress) return progress.LastOrDefault(p => p.Finished); });
            RescoreProgress[] received;
            lock (progress) received = [.. progress];
            var last = received[^1];
            Assert.True(last.Finished, "the last progress message is not the finished one");
            Assert.Equal((runId, "binary", Files.Count + 1, Files.Count + 1, tampered), (last.RunId, last.Competition, last.Total, last.Done, last.Changed));
            Assert.All(received, p => Assert.Equal(runId, p.RunId));

            var audit = await Organizers.AuditAsync(admin, "binary");
            Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "rescore-requested" && e["actor"]!.GetValue<string>() == "rescore-admin");
            Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "rescore-finished" && e["details"]!["changed"]!.GetValue<int>() == tampered);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_rescore_job_run_twice_counts_every_submission_once(Provider provider)
    {
        // A web-only node: no Hangfire worker, so the only jobs are the ones this test runs.
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, roles: "web");
        try
        {
            var admin = await app.SignUpAsync("rescore-admin");
            foreach (var (user, csv) in Files)
            {
                var id = await (await app.SignUpAsync(user)).SubmitAcceptedAsync("binary", csv);
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ScoreSubmissionJob>().RunAsync(id, Cancellation);
            }
            var tampered = await PretendAnOlderScorerAsync(app, "rescore-good");

            var started = await admin.PostAsync("/api/competitions/binary/rescore", null, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["runId"]!.GetValue<int>();
            var second = await admin.PostAsync("/api/competitions/binary/rescore", null, Cancellation);
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Equal(runId, (await second.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["runId"]!.GetValue<int>());
            Assert.Null((await admin.GetFromJsonAsync<JsonObject>($"/api/competitions/binary/rescore/{runId}", Cancellation))!["finishedAt"]);

            // As if a worker had committed a first batch (rescore-weak's row) and died: the run resumes after it.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
                Assert.Equal(1, await db.Submissions.Where(s => s.User!.UserName == "rescore-weak")
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RescoreRunId, runId).SetProperty(x => x.ScorerVersion, "written-before-the-crash"), Cancellation));
                await db.RescoreRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(r => r.SetProperty(x => x.Done, 1), Cancellation);
            }

            await Task.WhenAll(RunJobAsync(app, runId), RunJobAsync(app, runId));
            // A duplicate after the end (a requeue at start, a retry) finds the run finished.
            await RunJobAsync(app, runId);

            var run = (await admin.GetFromJsonAsync<JsonObject>($"/api/competitions/binary/rescore/{runId}", Cancellation))!;
            Assert.NotNull(run["finishedAt"]);
            Assert.Equal((Files.Count + 1, Files.Count + 1, tampered), (run["total"]!.GetValue<int>(), run["done"]!.GetValue<int>(), run["changed"]!.GetValue<int>()));
            Assert.Single(await Organizers.AuditAsync(admin, "binary"), e => e!["action"]!.GetValue<string>() == "rescore-finished");
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var versions = await scope.ServiceProvider.GetRequiredService<ArenaDb>().Submissions.AsNoTracking()
                    .Where(s => s.Competition!.Slug == "binary").Select(s => new { s.User!.UserName, s.ScorerVersion, s.RescoreRunId }).ToListAsync(Cancellation);
                Assert.All(versions, v => Assert.Equal(runId, v.RescoreRunId));
                Assert.Equal("written-before-the-crash", versions.Single(v => v.UserName == "rescore-weak").ScorerVersion);
                Assert.All(versions.Where(v => v.UserName != "rescore-weak"), v => Assert.Equal(ScorerInfo.Version, v.ScorerVersion));
            }
            Assert.DoesNotContain(app.Logs, line => line.StartsWith("Error Arena.Server", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/competitions/binary/rescore/{runId + 1000}", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/competitions/binary/rescore", null, Cancellation)).StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>
    /// There is only one scorer version to run, so rows "produced by an older scorer" are made by writing other scores
    /// and version 0.9.0 straight into the database: these users' submissions and the benchmark file. Returns how many rows.
    /// </summary>
    static async Task<int> PretendAnOlderScorerAsync(ArenaApp app, params string[] users)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var binary = await db.Competitions.Where(c => c.Slug == "binary").Select(c => c.Id).SingleAsync(Cancellation);
        var submissions = await db.Submissions.Where(s => s.CompetitionId == binary && users.Contains(s.User!.UserName!))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PublicScore, 0.111).SetProperty(x => x.PrivateScore, 0.222).SetProperty(x => x.ScorerVersion, "0.9.0"), Cancellation);
        var references = await db.ReferenceRows.Where(r => r.CompetitionId == binary && r.Name == "Benchmark file")
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.PublicScore, 0.333).SetProperty(x => x.PrivateScore, 0.444).SetProperty(x => x.ScorerVersion, "0.9.0"), Cancellation);
        Assert.Equal((users.Length, 1), (submissions, references));
        return submissions + references;
    }

    /// <summary>Each copy in its own scope, as two workers would run it, started on the thread pool.</summary>
    static Task RunJobAsync(ArenaApp app, int runId) => Task.Run(async () =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RescoreCompetitionJob>().RunAsync(runId, Cancellation);
    }, Cancellation);

    static async Task<JsonObject> WaitForFinishAsync(HttpClient organizer, int runId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var run = (await organizer.GetFromJsonAsync<JsonObject>($"/api/competitions/binary/rescore/{runId}", Cancellation))!;
            if (run["finishedAt"] is not null) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"rescore run {runId} has not finished: {run.ToJsonString()}");
            await Task.Delay(50, Cancellation);
        }
    }

    static async Task WaitForAsync<T>(Func<T?> find) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (find() is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {typeof(T).Name} within 15 s");
            await Task.Delay(20, Cancellation);
        }
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Configuration;
using Arena.Server.Scoring;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Live;

/// <summary>
/// "Nothing accepted is lost, nothing is scored twice": a submission taken by a web-only node waits in the store, a
/// worker started later scores it once, and a job that runs twice at the same time scores once.
/// </summary>
public sealed class RestartTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_submission_taken_by_a_web_only_node_is_scored_exactly_once_after_a_restart_with_workers(Provider provider)
    {
        var bundles = TestBundles.Create();
        var web = await ArenaApp.StartAsync(provider, cluster, bundles, roles: "web");
        ArenaApp? all = null;
        try
        {
            var client = await web.SignUpAsync("restarted");
            var versionBefore = await LeaderboardVersionAsync(web);
            var id = await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 1));

            // No worker: the submission waits, untouched.
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(1.5))
            {
                var status = await StatusAsync(client, id);
                Assert.Equal("queued", status);
                await Task.Delay(100, Cancellation);
            }
            var waiting = await web.SubmissionRowAsync(id);
            Assert.Equal((SubmissionStatus.Queued, 0, (DateTime?)null), (waiting.Status, waiting.ScoringAttempts, waiting.ScoringStartedAt));

            await web.DisposeAsync();
            all = web.Restart("all");
            Assert.True(all.Services.GetRequiredService<ArenaOptions>().RunsWorker, "Restart(\"all\") started a server without scoring workers");
            var again = all.CreateClient();
            again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await all.TokenAsync("restarted"));

            var result = await again.WaitForResultAsync(id);
            Assert.Equal("scored", result["status"]!.GetValue<string>());
            // On PostgreSQL the web node's Hangfire job survived and the start-up sweep enqueues another: let both finish.
            await WaitForIdleWorkersAsync(all);

            var row = await all.SubmissionRowAsync(id);
            Assert.Equal(SubmissionStatus.Scored, row.Status);
            Assert.Equal(1, row.ScoringAttempts);
            Assert.NotNull(row.ScoredAt);
            // The owner is shown the display precision (5 decimals by default); the row keeps every digit.
            Assert.Equal(result["publicScore"]!.GetValue<double>(), Math.Round(row.PublicScore!.Value, 5, MidpointRounding.AwayFromZero));
            Assert.Equal(versionBefore + 1, await LeaderboardVersionAsync(all));
            Assert.Single(all.Logs, line => line.Contains($"Submission {id} for binary: scored", StringComparison.Ordinal));
            Assert.DoesNotContain(all.Logs, line => line.Contains("another worker took over", StringComparison.Ordinal));
        }
        finally
        {
            await (all ?? web).DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_job_run_twice_at_once_scores_the_submission_once(Provider provider)
    {
        var bundles = TestBundles.Create();
        // A web-only node: no Hangfire worker and no sweep, so the only jobs are the ones this test runs.
        var app = await ArenaApp.StartAsync(provider, cluster, bundles, roles: "web");
        try
        {
            var client = await app.SignUpAsync("twice");
            var versionBefore = await LeaderboardVersionAsync(app);
            var id = await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 2));
            Assert.Equal(SubmissionStatus.Queued, (await app.SubmissionRowAsync(id)).Status);

            await RunTwiceAtOnceAsync(app, id);
            var afterRace = await app.SubmissionRowAsync(id);
            // A duplicate that arrives after the score (a re-enqueue by the sweep, a Hangfire retry) changes nothing either.
            await app.RunScoringJobAsync(id);

            var row = await app.SubmissionRowAsync(id);
            Assert.Equal(SubmissionStatus.Scored, afterRace.Status);
            Assert.Equal(1, afterRace.ScoringAttempts);
            Assert.Equal((SubmissionStatus.Scored, 1, afterRace.ScoredAt, afterRace.PublicScore), (row.Status, row.ScoringAttempts, row.ScoredAt, row.PublicScore));
            Assert.Equal(versionBefore + 1, await LeaderboardVersionAsync(app));
            Assert.Single(app.Logs, line => line.Contains($"Submission {id} for binary: scored", StringComparison.Ordinal));
            Assert.Equal("scored", await StatusAsync(client, id));
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    /// <summary>
    /// Two jobs, each in its own scope (its own DbContext), released together on the thread pool. Each context has its
    /// connection open beforehand, so that neither is still connecting while the other claims the row.
    /// </summary>
    static async Task RunTwiceAtOnceAsync(ArenaApp app, Guid id)
    {
        var scopes = new[] { app.Services.CreateAsyncScope(), app.Services.CreateAsyncScope() };
        try
        {
            foreach (var scope in scopes) await scope.ServiceProvider.GetRequiredService<ArenaDb>().Database.OpenConnectionAsync(Cancellation);
            var jobs = scopes.Select(scope => scope.ServiceProvider.GetRequiredService<ScoreSubmissionJob>()).ToList();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = jobs.Select(job => Task.Run(async () =>
            {
                await start.Task;
                await job.RunAsync(id, Cancellation);
            }, Cancellation)).ToList();
            start.SetResult();
            await Task.WhenAll(runs);
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }
    }

    static async Task<string> StatusAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/submissions/{id}", Cancellation))!["status"]!.GetValue<string>();

    static async Task<long> LeaderboardVersionAsync(ArenaApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArenaDb>().Competitions.Where(c => c.Slug == "binary").Select(c => c.LeaderboardVersion).SingleAsync(Cancellation);
    }

    /// <summary>Until Hangfire has had nothing enqueued or processing for a second (the sweep may enqueue a little late).</summary>
    static async Task WaitForIdleWorkersAsync(ArenaApp app)
    {
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var idleSince = Stopwatch.StartNew();
        var deadline = Stopwatch.StartNew();
        while (idleSince.Elapsed < TimeSpan.FromSeconds(1))
        {
            if (monitor.EnqueuedCount("default") > 0 || monitor.ProcessingCount() > 0) idleSince.Restart();
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("Hangfire still has jobs after 30 s");
            await Task.Delay(50, Cancellation);
        }
    }
}

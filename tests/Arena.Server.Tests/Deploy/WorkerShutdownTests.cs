using System.Diagnostics;
using System.Net.Http.Headers;
using Arena.Data.Entities;
using Arena.Server.Scoring;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Deploy;

/// <summary>
/// A worker that stops while it scores cancels the job, hands the submission back (queued, not stuck in
/// <c>scoring</c> for the lease), and the submission is scored once when a worker runs again. On PostgreSQL the
/// interrupted Hangfire job itself goes back to its queue and runs again, without counting as a failure.
/// </summary>
public sealed class WorkerShutdownTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_worker_stopped_mid_job_queues_the_submission_again_and_it_is_scored_once_later(Provider provider)
    {
        var bundles = TestBundles.Create();
        var stall = new StallFirstScoring();
        var first = await ArenaApp.StartAsync(provider, cluster, bundles, roles: "all", services: stall.Install);
        var current = first;
        try
        {
            var client = await first.SignUpAsync("stopped");
            var id = await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 1));
            await stall.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
            Assert.Equal(SubmissionStatus.Scoring, (await first.SubmissionRowAsync(id)).Status);
            var jobId = provider == Provider.Postgres ? ProcessingScoringJob(first) : null;

            var stopping = Stopwatch.StartNew();
            await first.DisposeAsync();
            // Cancelled at once, not abandoned after the 20 s the stop would wait for a job that ignores its token.
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {stopping.Elapsed}");
            Assert.True(stall.Cancelled, "the running job's token was not cancelled by the stop");
            Assert.Contains(first.Logs, line => line.Contains($"Submission {id}: scoring stopped by a shutdown; it is queued again", StringComparison.Ordinal));

            // A web-only node scores nothing, so the row is seen as the stop left it.
            current = first.Restart("web");
            var left = await current.SubmissionRowAsync(id);
            Assert.Equal((SubmissionStatus.Queued, 1, (double?)null), (left.Status, left.ScoringAttempts, left.PublicScore));
            if (jobId is not null) Assert.DoesNotContain(States(current, jobId), state => state is "Failed" or "Scheduled");
            await current.DisposeAsync();

            current = first.Restart("all");
            var again = current.CreateClient();
            again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await current.TokenAsync("stopped"));
            Assert.Equal("scored", (await again.WaitForResultAsync(id))["status"]!.GetValue<string>());
            if (jobId is not null)
            {
                // The interrupted job itself ran again: the sweep's re-enqueue would be another job. Without the
                // requeue it would wait out the 5-minute invisibility timeout, far past this wait.
                await HangfireJobs.EventuallyAsync(() => States(current, jobId).Contains("Succeeded"), $"job {jobId} did not run again", seconds: 60);
                Assert.DoesNotContain(States(current, jobId), state => state is "Failed" or "Scheduled");
            }
            var row = await current.SubmissionRowAsync(id);
            Assert.Equal((SubmissionStatus.Scored, 2), (row.Status, row.ScoringAttempts));
            Assert.Single(current.Logs, line => line.Contains($"Submission {id} for binary: scored", StringComparison.Ordinal));
        }
        finally
        {
            await first.DisposeAsync();
            await current.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    static string ProcessingScoringJob(ArenaApp app) =>
        app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ProcessingJobs(0, 100)
            .Single(job => job.Value.Job?.Type == typeof(ScoreSubmissionJob)).Key;

    static List<string> States(ArenaApp app, string jobId) =>
        [.. app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId).History.Select(h => h.StateName)];
}

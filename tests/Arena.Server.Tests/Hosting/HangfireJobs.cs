using Arena.Server.Closing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Hosting;

/// <summary>Looks at and runs an app's Hangfire jobs through its own storage, as its workers see them.</summary>
public static class HangfireJobs
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static List<(string Id, DateTime? EnqueueAt)> ScheduledClosingJobs(this ArenaApp app) =>
        [.. app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 1000)
            .Where(job => job.Value.Job.Type == typeof(CloseCompetitionJob))
            .Select(job => (job.Key, job.Value.EnqueueAt))];

    /// <summary>Moves a job to the queue now, as Hangfire does when a scheduled job's time comes, and waits for it to succeed.</summary>
    public static async Task RunJobNowAsync(this ArenaApp app, string jobId)
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        int Successes() => storage.GetMonitoringApi().JobDetails(jobId).History.Count(h => h.StateName == "Succeeded");
        var before = Successes();
        Assert.True(app.Services.GetRequiredService<IBackgroundJobClient>().Requeue(jobId));
        await EventuallyAsync(() => Successes() > before, $"job {jobId} did not succeed");
    }

    public static async Task EventuallyAsync(Func<bool> condition, string failure, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail(failure);
            await Task.Delay(50, Cancellation);
        }
    }
}

using Hangfire;

namespace Arena.Server.Closing;

/// <summary>
/// Registers the every-minute closing sweep on worker nodes, in the background and until it works. AddOrUpdate takes
/// Hangfire's lock on the recurring job; a worker killed while holding it leaves the lock row behind until
/// Hangfire.PostgreSql's lock timeout clears it (ScoringSetup.LockTimeout; it was 10 minutes). Done at start-up, that
/// made every restart in those minutes die with PostgreSqlDistributedLockException (the kill9 scenario caught nine in
/// a row), so no submission was scored meanwhile. Here the worker scores at once and the registration tries again.
/// </summary>
public sealed class ClosingSweepRegistration(IRecurringJobManager recurringJobs, ILogger<ClosingSweepRegistration> log, TimeProvider clock)
    : BackgroundService
{
    static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                recurringJobs.AddOrUpdate<CloseCompetitionJob>(CloseCompetitionJob.RecurringId, job => job.CloseDueAsync(CancellationToken.None), Cron.Minutely());
                if (attempt > 1) log.LogInformation("Closing sweep registered after {Attempts} attempts", attempt);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Closing sweep not registered yet ({Kind}: {Message}); trying again in {Seconds} s",
                    e.GetType().Name, e.Message, RetryAfter.TotalSeconds);
            }
            await Task.Delay(RetryAfter, clock, stoppingToken);
        }
    }
}

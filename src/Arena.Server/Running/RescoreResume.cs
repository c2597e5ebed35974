using Arena.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Running;

/// <summary>
/// At start, enqueues every unfinished rescore run again: its job may have been lost with an in-memory queue, or
/// between the run's commit and its enqueue. A run whose job still exists is harmless to enqueue twice, since the job
/// counts each submission once however many copies run.
/// </summary>
public sealed class RescoreResume(IServiceScopeFactory scopes, ILogger<RescoreResume> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
            var jobs = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
            var unfinished = await db.RescoreRuns.AsNoTracking().Where(r => r.FinishedAt == null).Select(r => r.Id).ToListAsync(stoppingToken);
            foreach (var runId in unfinished) jobs.Enqueue<RescoreCompetitionJob>(job => job.RunAsync(runId, CancellationToken.None));
            if (unfinished.Count > 0) log.LogInformation("Resumed {Count} unfinished rescore run(s)", unfinished.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Could not resume unfinished rescore runs; they resume at the next start");
        }
    }
}

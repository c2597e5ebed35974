using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Scoring;

/// <summary>
/// Finds submissions whose job was lost (a crash between commit and enqueue, an in-memory queue gone with its
/// process, a worker killed mid-scoring) and enqueues them again. The job's claim makes a duplicate harmless.
/// Runs at start and then every <see cref="ArenaOptions.SweepInterval"/> in worker processes.
/// </summary>
public sealed class ScoringSweep(IServiceScopeFactory scopes, ArenaOptions options, TimeProvider clock, ILogger<ScoringSweep> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, clock);
        var atStart = true;
        do
        {
            try
            {
                var count = await SweepAsync(atStart, stoppingToken);
                atStart = false;
                if (count > 0) log.LogInformation("Re-enqueued {Count} submission(s) whose scoring job was lost", count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The scoring sweep failed; it runs again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>At start every queued row counts as lost: no job of this process can exist yet.</summary>
    public async Task<int> SweepAsync(bool atStart, CancellationToken cancellation)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var queue = scope.ServiceProvider.GetRequiredService<ScoringQueue>();
        var now = clock.GetUtcNow().UtcDateTime;
        // Fresh rows are left to the job enqueued with them; only older ones are presumed lost.
        var queuedBefore = atStart ? now.AddTicks(1) : now - TimeSpan.FromSeconds(10);
        var staleBefore = now - options.ScoringLease;
        var lost = await db.Submissions.AsNoTracking()
            .Where(s => (s.Status == SubmissionStatus.Queued && s.SubmittedAt < queuedBefore)
                || (s.Status == SubmissionStatus.Scoring && (s.ScoringRenewedAt ?? s.ScoringStartedAt) < staleBefore))
            .Select(s => s.Id)
            .ToListAsync(cancellation);
        foreach (var id in lost) queue.Enqueue(id);
        return lost.Count;
    }
}

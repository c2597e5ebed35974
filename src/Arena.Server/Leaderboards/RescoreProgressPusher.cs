using Arena.Contracts;
using Arena.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>
/// Tells a competition's organizers how far a rescore has come. It reads the run row, so a notification carries only
/// the run's id. Pushes go out one at a time, so organizers receive them in the order the row was read and the last
/// message is never older than one before it.
/// </summary>
public sealed class RescoreProgressPusher(IServiceScopeFactory scopes, IHubContext<LeaderboardHub, ILeaderboardClient> hub,
    ILogger<RescoreProgressPusher> log)
{
    readonly SemaphoreSlim _inOrder = new(1, 1);

    /// <summary>Never throws: a lost progress message must not fail the rescore that sent it.</summary>
    public async Task PushAsync(int runId, CancellationToken cancellation)
    {
        try
        {
            await _inOrder.WaitAsync(cancellation);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
                var run = await db.RescoreRuns.AsNoTracking().Where(r => r.Id == runId)
                    .Join(db.Competitions, r => r.CompetitionId, c => c.Id, (r, c) => new { r.CompetitionId, c.Slug, r.Total, r.Done, r.Changed, r.FinishedAt })
                    .FirstOrDefaultAsync(cancellation);
                if (run is null) return;
                await hub.Clients.Group(LeaderboardHub.OrganizersGroup(run.CompetitionId))
                    .RescoreProgress(new RescoreProgress(runId, run.Slug, run.Total, run.Done, run.Changed, run.FinishedAt is not null));
            }
            finally
            {
                _inOrder.Release();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not push the progress of rescore run {Run}", runId);
        }
    }
}

using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Scoring;

/// <summary>
/// Keeps a scoring claim alive while its job runs: every third of <see cref="ArenaOptions.ScoringLease"/> it stamps
/// <see cref="Submission.ScoringRenewedAt"/>, only while the claim is still this job's. A worker that dies stops
/// renewing, and the claim is taken over once the lease has passed; one that is merely slow never loses it. Its own
/// DbContext, since the job's is in use meanwhile.
/// </summary>
public sealed class ClaimRenewal(IServiceScopeFactory scopes, ArenaOptions options, TimeProvider clock, ILogger<ClaimRenewal> log)
{
    public async Task KeepAsync(Guid submissionId, DateTime claimedAt, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.ScoringLease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (await RenewAsync(submissionId, claimedAt, stop) == 0) return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick tries again; a claim that cannot be renewed for the whole lease is taken over, and
                    // this job's result is then dropped by the claim check when it saves.
                    log.LogWarning("Submission {Id}: the scoring claim could not be renewed ({Reason})", submissionId, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The job ended.
        }
    }

    /// <summary>Zero when the claim is no longer this job's (saved, released or taken over): nothing left to renew.</summary>
    async Task<int> RenewAsync(Guid submissionId, DateTime claimedAt, CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Submissions
            .Where(ScoringClaim.StillHeld(submissionId, claimedAt))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ScoringRenewedAt, now), stop);
    }
}

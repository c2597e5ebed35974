using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Leaderboards;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Closing;

/// <summary>
/// Closes a competition: at the deadline the public leaderboard freezes, and when the reveal is due (the deadline,
/// unless an organizer moved it) the private leaderboard opens. Reentrant and idempotent: each step is a conditional
/// update that only the first run makes, so a job scheduled for an old deadline, a duplicate or a retry does nothing.
/// Time comes from <see cref="TimeProvider"/>, never from when Hangfire happened to run the job.
/// </summary>
public sealed class CloseCompetitionJob(ArenaDb db, IChangeNotifier changes, TimeProvider clock, ILogger<CloseCompetitionJob> log)
{
    public const string RecurringId = "close-due-competitions";

    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(int competitionId, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var competition = await db.Competitions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == competitionId, cancellation);
        if (competition is null || competition.State != CompetitionState.Published) return;

        var froze = competition.Deadline <= now && await db.Competitions
            .Where(c => c.Id == competitionId && c.PublicFrozenAt == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.PublicFrozenAt, now), cancellation) == 1;
        var revealed = competition.RevealDue() <= now && await db.Competitions
            .Where(c => c.Id == competitionId && c.PrivateRevealedAt == null)
            .ExecuteUpdateAsync(c => c
                .SetProperty(x => x.PrivateRevealedAt, now)
                .SetProperty(x => x.LeaderboardVersion, x => x.LeaderboardVersion + 1), cancellation) == 1;
        if (!froze && !revealed) return;

        if (froze) db.Record(clock, "public-leaderboard-frozen", null, competitionId, details: new { at = now });
        if (revealed) db.Record(clock, "private-leaderboard-revealed", null, competitionId, details: new { at = now });
        await db.SaveChangesAsync(cancellation);
        if (revealed) await changes.LeaderboardChangedAsync(competitionId, cancellation);
        log.LogInformation("Competition {Slug}: {What}", competition.Slug, revealed ? "private leaderboard revealed" : "public leaderboard frozen");
    }

    /// <summary>
    /// The safety net, run every minute: closes whatever is due but was missed (an in-memory job queue lost on a
    /// restart, a deadline that passed while no worker ran).
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task CloseDueAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Competitions.AsNoTracking()
            .Where(c => c.State == CompetitionState.Published
                && ((c.Deadline <= now && c.PublicFrozenAt == null)
                    || ((c.RevealAt ?? c.Deadline) <= now && c.PrivateRevealedAt == null)))
            .Select(c => c.Id)
            .ToListAsync(cancellation);
        foreach (var id in due) await RunAsync(id, cancellation);
    }
}

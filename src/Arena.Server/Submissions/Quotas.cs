using Arena.Data;
using Arena.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Submissions;

/// <summary>
/// The daily submission limit, counted per UTC day with a set-based update, so two uploads racing for the last
/// slot cannot both win. A failed (invalid) submission gives its slot back.
/// </summary>
public static class Quotas
{
    public static async Task<bool> TryReserveAsync(ArenaDb db, int competitionId, Guid userId, DateOnly day, int limit, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var taken = await db.SubmissionQuotas
                .Where(q => q.CompetitionId == competitionId && q.UserId == userId && q.Day == day && q.Used < limit + q.Extra)
                .ExecuteUpdateAsync(q => q.SetProperty(x => x.Used, x => x.Used + 1), cancellation);
            if (taken == 1) return true;
            if (await db.SubmissionQuotas.AnyAsync(q => q.CompetitionId == competitionId && q.UserId == userId && q.Day == day, cancellation))
                return false;
            if (limit <= 0) return false;
            try
            {
                db.SubmissionQuotas.Add(new SubmissionQuota { CompetitionId = competitionId, UserId = userId, Day = day, Used = 1 });
                await db.SaveChangesAsync(cancellation);
                return true;
            }
            catch (DbUpdateException)
            {
                // Another request created today's row first: go round and take a slot with the update.
                db.ChangeTracker.Clear();
            }
        }
        return false;
    }

    public static Task ReleaseAsync(ArenaDb db, int competitionId, Guid userId, DateOnly day, CancellationToken cancellation) =>
        db.SubmissionQuotas
            .Where(q => q.CompetitionId == competitionId && q.UserId == userId && q.Day == day && q.Used > 0)
            .ExecuteUpdateAsync(q => q.SetProperty(x => x.Used, x => x.Used - 1), cancellation);

    public static async Task<(int Used, int Limit)> UsageAsync(ArenaDb db, Competition competition, Guid userId, DateOnly day, CancellationToken cancellation)
    {
        var quota = await db.SubmissionQuotas.AsNoTracking()
            .FirstOrDefaultAsync(q => q.CompetitionId == competition.Id && q.UserId == userId && q.Day == day, cancellation);
        return (quota?.Used ?? 0, competition.DailySubmissionLimit + (quota?.Extra ?? 0));
    }

    public static DateTime NextReset(DateTime now) => now.Date.AddDays(1);
}

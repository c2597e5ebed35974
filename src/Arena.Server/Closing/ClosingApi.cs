using Arena.Data;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Leaderboards;
using Arena.Server.Operations;

namespace Arena.Server.Closing;

public sealed record RevealRequest(DateTime? At);

public sealed record RevealState(bool Revealed, DateTime? RevealedAt, DateTime? RevealAt, DateTime? Deadline);

public static class ClosingApi
{
    public static void MapClosing(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/competitions/{slug}/reveal", RevealAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);

    /// <summary>
    /// Without <c>at</c>, reveals the private leaderboard now (early). With <c>at</c> in the future, moves the scheduled
    /// reveal there: later than the deadline delays it, earlier brings it forward.
    /// </summary>
    static async Task<IResult> RevealAsync(string slug, HttpContext http, ArenaDb db, ClosingSchedule schedule, IChangeNotifier changes,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var request = http.Request.ContentLength > 0 ? await http.Request.ReadFromJsonAsync<RevealRequest>(cancellation) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (competition.PrivateRevealedAt is not null) return Problems.Conflict("The private leaderboard is already revealed.");
        if (competition.State != Data.Entities.CompetitionState.Published) return Problems.Conflict("Publish the competition first.");
        var actor = http.User.UserId();
        if (request?.At is { } at)
        {
            var when = at.ToUniversalTime();
            if (when <= now) return Problems.BadRequest("'at' must be in the future; leave it out to reveal now.");
            competition.RevealAt = when;
            db.Record(clock, "reveal-scheduled", actor, competition.Id, details: new { revealAt = when, deadline = competition.Deadline });
            await db.SaveChangesAsync(cancellation);
            schedule.Schedule(competition);
        }
        else
        {
            competition.PrivateRevealedAt = now;
            competition.RevealAt = now;
            competition.LeaderboardVersion++;
            db.Record(clock, "private-leaderboard-revealed", actor, competition.Id, details: new { at = now, early = !(competition.Deadline <= now) });
            await db.SaveChangesAsync(cancellation);
            await changes.LeaderboardChangedAsync(competition.Id, cancellation);
        }
        return TypedResults.Ok(new RevealState(competition.PrivateRevealedAt is not null, competition.PrivateRevealedAt, competition.RevealDue(), competition.Deadline));
    }
}

using Arena.Server.Operations;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Submissions;

public sealed record LimitLedger(int Used, int Remaining, int Limit, DateTime ResetsAt, bool FailedSubmissionsAreRefunded);

public sealed record Selection(Guid Id, bool IsSelected, int Selected, int MaxSelections);

/// <summary>The caller's daily ledger, and the choice of final submissions for the private leaderboard.</summary>
public static class SelectionsAndLimitsApi
{
    public static void MapSelectionsAndLimits(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/competitions/{slug}/limits", LimitsAsync).RequireAuthorization();
        app.MapPost("/api/submissions/{id:guid}/select", (Guid id, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken c) => SetAsync(id, true, http, db, clock, c)).RequireAuthorization();
        app.MapDelete("/api/submissions/{id:guid}/select", (Guid id, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken c) => SetAsync(id, false, http, db, clock, c)).RequireAuthorization();
    }

    static async Task<Results<Ok<LimitLedger>, NotFound>> LimitsAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var competition = await db.FindVisibleAsync(http, slug, cancellation);
        if (competition is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var (used, limit) = await Quotas.UsageAsync(db, competition, http.User.UserId()!.Value, DateOnly.FromDateTime(now), cancellation);
        return TypedResults.Ok(new LimitLedger(used, Math.Max(0, limit - used), limit, Quotas.NextReset(now), FailedSubmissionsAreRefunded: true));
    }

    /// <summary>
    /// Until the deadline, a participant marks up to the competition's number of scored, on-time submissions as final.
    /// Someone else's submission answers 404.
    /// </summary>
    static async Task<IResult> SetAsync(Guid id, bool selected, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var userId = http.User.UserId()!.Value;
        var submission = await db.Submissions.Include(s => s.Competition).FirstOrDefaultAsync(s => s.Id == id && s.UserId == userId, cancellation);
        if (submission is null) return TypedResults.NotFound();
        var competition = submission.Competition!;
        if (competition.Deadline <= clock.GetUtcNow().UtcDateTime)
            return Problems.Conflict("Final submissions can be chosen only until the deadline.");
        if (selected && (submission.Status != SubmissionStatus.Scored || submission.IsLate))
            return Problems.Conflict("Only a scored, on-time submission can be chosen as final.");
        var alreadySelected = await db.Submissions.CountAsync(s => s.CompetitionId == competition.Id && s.UserId == userId && s.IsSelected && s.Id != id, cancellation);
        if (selected && alreadySelected >= competition.FinalSelections)
            return Problems.Conflict($"You have already chosen {competition.FinalSelections} final submissions; unselect one first.",
                new() { ["maxSelections"] = competition.FinalSelections });
        submission.IsSelected = selected;
        await db.SaveChangesAsync(cancellation);
        if (selected)
        {
            // Two selects racing (two tabs, a script) can both pass the check above; the count after the write is the
            // truth, and the request that finds the limit exceeded takes its choice back.
            var nowSelected = await db.Submissions.CountAsync(s => s.CompetitionId == competition.Id && s.UserId == userId && s.IsSelected, cancellation);
            if (nowSelected > competition.FinalSelections)
            {
                submission.IsSelected = false;
                await db.SaveChangesAsync(CancellationToken.None);
                return Problems.Conflict($"Other final choices were being made at the same moment, and together they would exceed {competition.FinalSelections}; this one was taken back. Try again.",
                    new() { ["maxSelections"] = competition.FinalSelections });
            }
            return TypedResults.Ok(new Selection(id, true, nowSelected, competition.FinalSelections));
        }
        return TypedResults.Ok(new Selection(id, false, alreadySelected, competition.FinalSelections));
    }
}

using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Closing;
using Arena.Server.Competitions;
using Arena.Server.Leaderboards;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Running;

/// <summary>Fields left out (or null) stay as they are; <c>ladderStep</c> 0 turns the Ladder off.</summary>
public sealed record CompetitionEdit(
    string? Title, string? Description, string? Overview, DateTime? Deadline, int? DailySubmissionLimit, int? FinalSelections,
    int? ScoreDecimals = null, double? LadderStep = null);

public static class CompetitionEditApi
{
    const int MaxTitle = 200, MaxDescription = 2000, MaxOverview = 100_000;

    public static void MapCompetitionEdits(this IEndpointRouteBuilder app) =>
        app.MapPatch("/api/competitions/{slug}", EditAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);

    /// <summary>
    /// Edits a competition. The deadline may move either way but only to a time still ahead, and only while the
    /// competition is open: once it has closed, its results stand. The audit entry keeps every old and new value.
    /// </summary>
    static async Task<IResult> EditAsync(string slug, CompetitionEdit request, HttpContext http, ArenaDb db, ClosingSchedule schedule, LeaderboardBuilder leaderboards,
        IChangeNotifier changes, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var now = clock.GetUtcNow().UtcDateTime;
        var deadline = request.Deadline?.ToUniversalTime();
        if (Check(request, competition, deadline, now) is { } problem) return problem;
        if (request.FinalSelections is { } selections && selections < competition.FinalSelections
            && await db.Submissions.Where(s => s.CompetitionId == competition.Id && s.IsSelected).GroupBy(s => s.UserId).AnyAsync(g => g.Count() > selections, cancellation))
            return Problems.Conflict($"Some participants have already chosen more than {selections} final submissions; 'finalSelections' cannot go below that.");

        var edited = new Dictionary<string, object?>();
        competition.Title = Apply(edited, "title", competition.Title, request.Title?.Trim());
        competition.Description = Apply(edited, "description", competition.Description, request.Description);
        competition.OverviewMarkdown = Apply(edited, "overview", competition.OverviewMarkdown, request.Overview);
        if (deadline is { } moved && moved != competition.Deadline)
        {
            edited["deadline"] = new { old = competition.Deadline, @new = moved };
            competition.Deadline = moved;
        }
        competition.DailySubmissionLimit = Apply(edited, "dailySubmissionLimit", competition.DailySubmissionLimit, request.DailySubmissionLimit);
        competition.FinalSelections = Apply(edited, "finalSelections", competition.FinalSelections, request.FinalSelections);
        competition.ScoreDecimals = Apply(edited, "scoreDecimals", competition.ScoreDecimals, request.ScoreDecimals);
        var ladderStep = request.LadderStep == 0 ? null : request.LadderStep ?? competition.LadderStep;
        if (ladderStep != competition.LadderStep)
        {
            edited["ladderStep"] = new { old = competition.LadderStep, @new = ladderStep };
            competition.LadderStep = ladderStep;
        }
        // The private view counts each participant's final submissions, so their number moves that leaderboard; the
        // display decimals and the Ladder change every score shown.
        var movesLeaderboard = edited.ContainsKey("finalSelections") || edited.ContainsKey("scoreDecimals") || edited.ContainsKey("ladderStep");
        if (movesLeaderboard) competition.LeaderboardVersion++;
        if (edited.Count > 0)
        {
            db.Record(clock, "competition-edited", http.User.UserId(), competition.Id, details: edited);
            await db.SaveChangesAsync(cancellation);
        }
        if (edited.ContainsKey("deadline")) schedule.Schedule(competition);
        if (movesLeaderboard) await changes.LeaderboardChangedAsync(competition.Id, cancellation);
        return TypedResults.Ok(await CompetitionDetails.BuildAsync(competition, leaderboards, now, cancellation));
    }

    static IResult? Check(CompetitionEdit request, Competition competition, DateTime? deadline, DateTime now)
    {
        if (request.Title is { } title && (string.IsNullOrWhiteSpace(title) || title.Trim().Length > MaxTitle))
            return Problems.BadRequest($"'title' must be 1 to {MaxTitle} characters.");
        if (request.Description?.Length > MaxDescription) return Problems.BadRequest($"'description' may be at most {MaxDescription} characters.");
        if (request.Overview?.Length > MaxOverview) return Problems.BadRequest($"'overview' may be at most {MaxOverview} characters.");
        if (request.DailySubmissionLimit <= 0) return Problems.BadRequest("'dailySubmissionLimit' must be a positive number.");
        if (request.FinalSelections <= 0) return Problems.BadRequest("'finalSelections' must be a positive number.");
        if (CompetitionSettings.CheckDecimals(request.ScoreDecimals) is { } decimals) return Problems.BadRequest(decimals);
        if (request.LadderStep != 0 && CompetitionSettings.CheckLadderStep(request.LadderStep) is { } step) return Problems.BadRequest(step);
        if (deadline is null || deadline == competition.Deadline) return null;
        if (competition.Deadline <= now) return Problems.Conflict("The competition has closed; its deadline can no longer change.");
        if (deadline <= now) return Problems.BadRequest("'deadline' must be in the future.");
        if (deadline <= competition.StartsAt) return Problems.BadRequest("'deadline' must be after the competition's start.");
        return null;
    }

    /// <summary>The new value when one is given, noting the change with the old value for the audit entry.</summary>
    static string Apply(Dictionary<string, object?> edited, string field, string old, string? value)
    {
        if (value is null || value == old) return old;
        edited[field] = new { old, @new = value };
        return value;
    }

    static int Apply(Dictionary<string, object?> edited, string field, int old, int? value)
    {
        if (value is not { } changed || changed == old) return old;
        edited[field] = new { old, @new = changed };
        return changed;
    }
}

using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Leaderboards;
using Arena.Server.Operations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Running;

/// <summary><c>kind</c> is <c>hidden</c> or <c>disqualified</c>; the participant reads the reason.</summary>
public sealed record SanctionRequest(string? Kind, string? Reason);

public sealed record SubmissionSanction(Guid Id, string UserName, string Kind, string Reason);

public sealed record ParticipantSanctionView(string UserName, string Kind, string Reason);

/// <summary>The caller's standing in a competition: both null unless an organizer sanctioned them.</summary>
public sealed record Participation(string? Sanction, string? Reason);

/// <summary>
/// Organizers take a submission or a participant off the leaderboard (the leaderboard builder leaves out anything
/// sanctioned), with a reason the participant sees. A disqualified participant may not submit again; a hidden one may.
/// </summary>
public static class SanctionsApi
{
    const int MaxReason = 1000;

    static readonly Dictionary<string, SanctionKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hidden"] = SanctionKind.Hidden,
        ["disqualified"] = SanctionKind.Disqualified,
    };

    public static void MapSanctions(this IEndpointRouteBuilder app)
    {
        const string Submission = "/api/submissions/{id:guid}/sanction", Participant = "/api/competitions/{slug}/participants/{userName}/sanction";
        app.MapPost(Submission, SanctionSubmissionAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        app.MapDelete(Submission, LiftSubmissionAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        app.MapPost(Participant, SanctionParticipantAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        app.MapDelete(Participant, LiftParticipantAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        app.MapGet("/api/competitions/{slug}/participation", ParticipationAsync).RequireAuthorization();
    }

    static async Task<IResult> SanctionSubmissionAsync(Guid id, SanctionRequest request, HttpContext http, ArenaDb db, IChangeNotifier changes,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (submission, competition, refusal) = await FindSubmissionToOrganizeAsync(db, http, id, cancellation);
        if (submission is null) return refusal!;
        if (Parse(request, out var kind, out var reason) is { } problem) return problem;
        submission.Sanction = kind;
        submission.SanctionReason = reason;
        var userName = submission.User!.UserName!;
        await SaveAsync(db, changes, clock, http, competition!, "submission-sanctioned", new { submission = id, userName, kind = Name(kind), reason }, cancellation);
        return TypedResults.Ok(new SubmissionSanction(id, userName, Name(kind), reason));
    }

    static async Task<IResult> LiftSubmissionAsync(Guid id, HttpContext http, ArenaDb db, IChangeNotifier changes, TimeProvider clock, CancellationToken cancellation)
    {
        var (submission, competition, refusal) = await FindSubmissionToOrganizeAsync(db, http, id, cancellation);
        if (submission is null) return refusal!;
        if (submission.Sanction is not { } kind) return Problems.NotFound("This submission has no sanction to lift.");
        var reason = submission.SanctionReason;
        (submission.Sanction, submission.SanctionReason) = (null, null);
        await SaveAsync(db, changes, clock, http, competition!, "submission-sanction-lifted",
            new { submission = id, userName = submission.User!.UserName, kind = Name(kind), reason }, cancellation);
        return TypedResults.NoContent();
    }

    static async Task<IResult> SanctionParticipantAsync(string slug, string userName, SanctionRequest request, HttpContext http, ArenaDb db,
        UserManager<ArenaUser> users, IChangeNotifier changes, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        if (Parse(request, out var kind, out var reason) is { } problem) return problem;
        if (await users.FindByNameAsync(userName) is not { } user) return Problems.NotFound($"No user '{userName}'.");
        var sanction = await db.ParticipantSanctions.FirstOrDefaultAsync(p => p.CompetitionId == competition.Id && p.UserId == user.Id, cancellation);
        if (sanction is null)
        {
            sanction = new ParticipantSanction { CompetitionId = competition.Id, UserId = user.Id, Reason = reason };
            db.ParticipantSanctions.Add(sanction);
        }
        (sanction.Kind, sanction.Reason, sanction.ActorId, sanction.CreatedAt) = (kind, reason, http.User.UserId()!.Value, clock.GetUtcNow().UtcDateTime);
        try
        {
            await SaveAsync(db, changes, clock, http, competition, "participant-sanctioned", new { userName = user.UserName, kind = Name(kind), reason }, cancellation);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("Another organizer sanctioned this participant at the same moment; look again and retry.");
        }
        return TypedResults.Ok(new ParticipantSanctionView(user.UserName!, Name(kind), reason));
    }

    static async Task<IResult> LiftParticipantAsync(string slug, string userName, HttpContext http, ArenaDb db, UserManager<ArenaUser> users,
        IChangeNotifier changes, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        if (await users.FindByNameAsync(userName) is not { } user) return Problems.NotFound($"No user '{userName}'.");
        var sanction = await db.ParticipantSanctions.FirstOrDefaultAsync(p => p.CompetitionId == competition.Id && p.UserId == user.Id, cancellation);
        if (sanction is null) return Problems.NotFound($"'{user.UserName}' has no sanction to lift in this competition.");
        db.ParticipantSanctions.Remove(sanction);
        await SaveAsync(db, changes, clock, http, competition, "participant-sanction-lifted",
            new { userName = user.UserName, kind = Name(sanction.Kind), reason = sanction.Reason }, cancellation);
        return TypedResults.NoContent();
    }

    static async Task<IResult> ParticipationAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var competition = await db.FindVisibleAsync(http, slug, cancellation);
        if (competition is null) return TypedResults.NotFound();
        var userId = http.User.UserId()!.Value;
        var sanction = await db.ParticipantSanctions.AsNoTracking().FirstOrDefaultAsync(p => p.CompetitionId == competition.Id && p.UserId == userId, cancellation);
        return TypedResults.Ok(new Participation(sanction is null ? null : Name(sanction.Kind), sanction?.Reason));
    }

    /// <summary>The submission (with its owner) if the caller runs its competition; 404 for a submission they may not know of, else 403.</summary>
    static async Task<(Submission?, Competition?, IResult?)> FindSubmissionToOrganizeAsync(ArenaDb db, HttpContext http, Guid id, CancellationToken cancellation)
    {
        var slug = await db.Submissions.Where(s => s.Id == id).Select(s => s.Competition!.Slug).FirstOrDefaultAsync(cancellation);
        if (slug is null) return (null, null, TypedResults.NotFound());
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return (null, null, refusal);
        return (await db.Submissions.Include(s => s.User).FirstAsync(s => s.Id == id, cancellation), competition, null);
    }

    /// <summary>Every sanction moves the leaderboard: the change, its audit entry and the version bump are saved together.</summary>
    static async Task SaveAsync(ArenaDb db, IChangeNotifier changes, TimeProvider clock, HttpContext http, Competition competition,
        string action, object details, CancellationToken cancellation)
    {
        competition.LeaderboardVersion++;
        db.Record(clock, action, http.User.UserId(), competition.Id, details: details);
        await db.SaveChangesAsync(cancellation);
        await changes.LeaderboardChangedAsync(competition.Id, cancellation);
    }

    static IResult? Parse(SanctionRequest request, out SanctionKind kind, out string reason)
    {
        reason = request.Reason?.Trim() ?? "";
        if (!Kinds.TryGetValue(request.Kind?.Trim() ?? "", out kind)) return Problems.BadRequest("'kind' must be hidden or disqualified.");
        if (reason.Length == 0) return Problems.BadRequest("'reason' is required: the participant is shown it.");
        return reason.Length > MaxReason ? Problems.BadRequest($"'reason' may be at most {MaxReason} characters.") : null;
    }

    static string Name(SanctionKind kind) => kind.ToString().ToLowerInvariant();
}

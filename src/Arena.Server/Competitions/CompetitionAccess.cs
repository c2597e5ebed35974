using Arena.Server.Operations;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Competitions;

/// <summary>
/// Who may see and who may run a competition. A competition someone may not see answers 404 everywhere (lists, files,
/// leaderboards, the hub), exactly as one that does not exist, so its existence does not leak.
/// </summary>
public static class CompetitionAccess
{
    /// <summary>
    /// Published public competitions for everyone; published group competitions for the group's members; drafts for
    /// their organizers only; everything for admins.
    /// </summary>
    public static IQueryable<Competition> VisibleTo(this IQueryable<Competition> competitions, ArenaDb db, Viewer viewer)
    {
        if (viewer.IsAdmin) return competitions;
        var userId = viewer.UserId ?? Guid.Empty;
        var isOrganizer = viewer.IsOrganizer;
        return competitions.Where(c =>
            (c.State == CompetitionState.Published
                && (c.GroupId == null || db.GroupMembers.Any(m => m.GroupId == c.GroupId && m.UserId == userId)))
            || c.CreatedById == userId
            || (isOrganizer && c.CreatedById == null && c.GroupId == null)
            || db.GroupMembers.Any(m => m.GroupId == c.GroupId && m.UserId == userId && m.Role != GroupRole.Member));
    }

    /// <summary>
    /// Who runs a competition: admins, whoever uploaded it, the owner and organizers of its group, and any organizer
    /// for the public bundles imported at start-up (they have no uploader).
    /// </summary>
    public static IQueryable<Competition> OrganizedBy(this IQueryable<Competition> competitions, ArenaDb db, Viewer viewer)
    {
        if (viewer.IsAdmin) return competitions;
        var userId = viewer.UserId ?? Guid.Empty;
        var isOrganizer = viewer.IsOrganizer;
        return competitions.Where(c =>
            c.CreatedById == userId
            || (isOrganizer && c.CreatedById == null && c.GroupId == null)
            || db.GroupMembers.Any(m => m.GroupId == c.GroupId && m.UserId == userId && m.Role != GroupRole.Member));
    }

    /// <summary>The competition if the caller runs it; otherwise 404 when they may not see it and 403 when they may.</summary>
    public static async Task<(Competition? Competition, IResult? Refusal)> FindToOrganizeAsync(
        this ArenaDb db, HttpContext http, string slug, CancellationToken cancellation)
    {
        var viewer = await Viewer.ForAsync(http);
        var competition = await db.Competitions.OrganizedBy(db, viewer).FirstOrDefaultAsync(c => c.Slug == slug, cancellation);
        if (competition is not null) return (competition, null);
        var visible = await db.Competitions.VisibleTo(db, viewer).AnyAsync(c => c.Slug == slug, cancellation);
        return (null, visible ? Problems.Forbidden("Only this competition's organizers may do this.") : TypedResults.NotFound());
    }

    /// <summary>The competition if the caller may see it, read without tracking.</summary>
    public static async Task<Competition?> FindVisibleAsync(this ArenaDb db, HttpContext http, string slug, CancellationToken cancellation) =>
        await db.Competitions.AsNoTracking().VisibleTo(db, await Viewer.ForAsync(http)).FirstOrDefaultAsync(c => c.Slug == slug, cancellation);
}

using Arena.Data;
using Arena.Server.Groups;
using Arena.Server.Leaderboards;
using Arena.Server.Operations;

namespace Arena.Server.Tracks;

/// <summary>
/// Progress through a track. Every member reads the whole table (members by papers, with the status and the score
/// that decided it: the same figures the competitions' leaderboards show them). One member's detailed progress is for
/// that member and for the group's owner and organizers (and admins); another plain member gets 403.
/// </summary>
public static class TrackProgressApi
{
    public static void MapTrackProgress(this RouteGroupBuilder groups)
    {
        groups.MapGet("/{slug}/tracks/{track}/table", TableAsync);
        groups.MapGet("/{slug}/tracks/{track}/progress", MineAsync);
        groups.MapGet("/{slug}/tracks/{track}/members/{userName}/progress", MemberAsync);
    }

    static async Task<IResult> TableAsync(string slug, string track, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        return TypedResults.Ok(await TableOfAsync(db, http, found, cancellation));
    }

    public static async Task<TrackTable> TableOfAsync(ArenaDb db, HttpContext http, TrackAccess.Found found, CancellationToken cancellation)
    {
        var papers = await db.PapersAsync(http, found.Track.Id, cancellation);
        var view = TrackAccess.View(found.Standing.Group.Slug, found.Track, papers);
        var members = await db.MembersAsync(found.Standing.Group.Id, cancellation);
        var progress = await TrackProgress.ComputeAsync(db, http.RequestServices.GetRequiredService<HumanComparisons>(), view, papers, members, cancellation);
        return new TrackTable(view, [.. members.Select(m => Row(m, progress[m.UserId]))]);
    }

    static MemberRow Row(TrackProgress.Member member, List<PaperProgress> papers) =>
        new(member.UserName, member.DisplayName, member.Role,
            papers.Count(p => p.Status == TrackStatus.Replicated), papers.Count(p => p.Status == TrackStatus.Provisional),
            TrackProgress.Next(papers)?.Id, [.. papers.Select(p => new PaperCell(p.Paper.Id, p.Status, p.Score, p.ScoreView))]);

    /// <summary>The caller's own progress; an admin who is not a member has none (404).</summary>
    static async Task<IResult> MineAsync(string slug, string track, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        var progress = await ProgressOfAsync(db, http, found, found.Standing.UserId, cancellation);
        return progress is null ? Problems.NotFound("You are not a member of this group.") : TypedResults.Ok(progress);
    }

    static async Task<IResult> MemberAsync(string slug, string track, string userName, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        var member = await db.FindMemberAsync(found.Standing.Group.Id, userName, cancellation);
        if (member is null) return GroupAccess.NotAMember(userName);
        if (member.UserId != found.Standing.UserId && !found.Standing.Runs)
            return Problems.Forbidden("A member's progress is for that member and for the group's owner and organizers; the track's table is for everyone.");
        return TypedResults.Ok((await ProgressOfAsync(db, http, found, member.UserId, cancellation))!);
    }

    /// <summary>One member's progress; null when the user is not in the group.</summary>
    public static async Task<MemberProgress?> ProgressOfAsync(ArenaDb db, HttpContext http, TrackAccess.Found found, Guid userId,
        CancellationToken cancellation)
    {
        var member = (await db.MembersAsync(found.Standing.Group.Id, cancellation)).FirstOrDefault(m => m.UserId == userId);
        if (member is null) return null;
        var papers = await db.PapersAsync(http, found.Track.Id, cancellation);
        var view = TrackAccess.View(found.Standing.Group.Slug, found.Track, papers);
        var progress = (await TrackProgress.ComputeAsync(db, http.RequestServices.GetRequiredService<HumanComparisons>(), view, papers, [member], cancellation))[userId];
        return new MemberProgress(view.Group, view.Slug, view.Name, member.UserName, member.DisplayName,
            progress.Count(p => p.Status == TrackStatus.Replicated), progress.Count(p => p.Status == TrackStatus.Provisional),
            progress.Count, TrackProgress.Next(progress), progress);
    }
}

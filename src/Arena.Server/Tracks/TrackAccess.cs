using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Arena.Server.Groups;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Tracks;

/// <summary>
/// A track is seen exactly as its group is (<see cref="GroupAccess.FindGroupAsync"/>: 404 for outsiders); its owner
/// and organizers run it. A paper whose competition the caller may not see (a draft, before it is published) is left
/// out for that caller, so that a track does not reveal it.
/// </summary>
public static class TrackAccess
{
    public sealed record Found(GroupStanding Standing, ReplicationTrack Track);

    /// <summary>The group and the track, or the refusal: 404 for a non-member and for a track the group does not have.</summary>
    public static async Task<(Found? Found, IResult? Refusal)> FindTrackAsync(this ArenaDb db, HttpContext http, string group, string track,
        CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, group, cancellation) is not { } standing) return (null, TypedResults.NotFound());
        var found = await db.ReplicationTracks.AsNoTracking().FirstOrDefaultAsync(t => t.GroupId == standing.Group.Id && t.Slug == track, cancellation);
        return found is null ? (null, Problems.NotFound($"The group has no track '{track}'.")) : (new Found(standing, found), null);
    }

    /// <summary>The track's papers in order, each with its competition, as the caller may see them.</summary>
    public static async Task<List<(TrackPaper Paper, Competition Competition)>> PapersAsync(this ArenaDb db, HttpContext http, int trackId,
        CancellationToken cancellation)
    {
        var visible = db.Competitions.VisibleTo(db, await Viewer.ForAsync(http));
        var rows = await db.TrackPapers.AsNoTracking().Where(p => p.TrackId == trackId)
            .Join(visible, p => p.CompetitionId, c => c.Id, (p, c) => new { Paper = p, Competition = c })
            .ToListAsync(cancellation);
        return [.. rows.OrderBy(r => r.Paper.Position).ThenBy(r => r.Paper.Id).Select(r => (r.Paper, r.Competition))];
    }

    /// <summary>The group's tracks by slug, each with the number of its papers the caller may see, in two queries.</summary>
    public static async Task<List<TrackSummary>> SummariesAsync(this ArenaDb db, HttpContext http, int groupId, CancellationToken cancellation)
    {
        var tracks = await db.ReplicationTracks.AsNoTracking().Where(t => t.GroupId == groupId).OrderBy(t => t.Slug).ToListAsync(cancellation);
        var visible = db.Competitions.VisibleTo(db, await Viewer.ForAsync(http));
        var counts = await db.TrackPapers.AsNoTracking().Where(p => db.ReplicationTracks.Any(t => t.Id == p.TrackId && t.GroupId == groupId))
            .Join(visible, p => p.CompetitionId, c => c.Id, (p, _) => p.TrackId)
            .GroupBy(trackId => trackId).Select(g => new { TrackId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.TrackId, x => x.Count, cancellation);
        return [.. tracks.Select(t => new TrackSummary(t.Slug, t.Name, t.Description, counts.GetValueOrDefault(t.Id)))];
    }

    public static TrackView View(string group, ReplicationTrack track, List<(TrackPaper Paper, Competition Competition)> papers) =>
        new(group, track.Slug, track.Name, track.Description, track.CreatedAt, [.. papers.Select((p, i) => View(p.Paper, p.Competition, i))]);

    public static PaperView View(TrackPaper paper, Competition competition, int position) =>
        new(paper.Id, position, competition.Slug, competition.Title, competition.Metric, MetricCatalog.Find(competition.Metric).HigherIsBetter,
            paper.Citation, paper.Url, paper.ReportedScore, paper.Tolerance, paper.ReferenceRowId, competition.PrivateRevealedAt is not null);
}

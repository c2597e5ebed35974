using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Audit;
using Arena.Server.Groups;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Tracks;

/// <summary>The papers of a track: the group's owner and organizers add, reorder and remove them.</summary>
public static class TrackPapersApi
{
    public static void MapTrackPapers(this RouteGroupBuilder groups)
    {
        groups.MapPost("/{slug}/tracks/{track}/papers", AddAsync);
        groups.MapPut("/{slug}/tracks/{track}/order", ReorderAsync);
        groups.MapDelete("/{slug}/tracks/{track}/papers/{paperId:int}", RemoveAsync);
    }

    /// <summary>
    /// Appends a paper. 400 names each bad field; 409 when the competition is not one of the group's (an unknown slug
    /// is answered alike, so that another group's competition does not show) or is in the track already.
    /// </summary>
    static async Task<IResult> AddAsync(string slug, string track, AddPaperRequest request, HttpContext http, ArenaDb db, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        if (!found.Standing.Runs) return GroupAccess.OnlyOrganizers();
        var problems = Check(request);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);

        var competitionSlug = request.Competition!.Trim();
        var competition = await db.Competitions.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Slug == competitionSlug && c.GroupId == found.Standing.Group.Id, cancellation);
        if (competition is null) return Problems.Conflict($"'{competitionSlug}' is not a competition of this group.");
        if (await db.TrackPapers.AnyAsync(p => p.TrackId == found.Track.Id && p.CompetitionId == competition.Id, cancellation)) return AlreadyIn(competitionSlug);
        if (request.ReferenceId is { } referenceId
            && !await db.ReferenceRows.AnyAsync(r => r.Id == referenceId && r.CompetitionId == competition.Id && r.Kind == ReferenceKind.Paper, cancellation))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["referenceId"] = [$"'{competitionSlug}' has no paper reference row {referenceId}."],
            });

        var last = await db.TrackPapers.Where(p => p.TrackId == found.Track.Id).MaxAsync(p => (int?)p.Position, cancellation);
        var paper = new TrackPaper
        {
            TrackId = found.Track.Id, Position = (last ?? -1) + 1, CompetitionId = competition.Id, Citation = request.Citation!.Trim(),
            Url = string.IsNullOrWhiteSpace(request.Url) ? null : request.Url.Trim(), ReportedScore = request.ReportedScore!.Value,
            Tolerance = request.Tolerance!.Value, ReferenceRowId = request.ReferenceId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.TrackPapers.Add(paper);
        db.Record(clock, "track-paper-added", found.Standing.UserId, groupId: found.Standing.Group.Id,
            details: new { track, competition = competitionSlug, citation = paper.Citation, reportedScore = paper.ReportedScore, tolerance = paper.Tolerance });
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateException)
        {
            // Another request added the same competition between the check and the insert (the unique index refused this one).
            return AlreadyIn(competitionSlug);
        }
        var papers = await db.PapersAsync(http, found.Track.Id, cancellation);
        var added = papers.FindIndex(p => p.Paper.Id == paper.Id);
        return TypedResults.Created($"/api/groups/{slug}/tracks/{track}", TrackAccess.View(paper, competition, added));
    }

    static IResult AlreadyIn(string competition) => Problems.Conflict($"'{competition}' is in this track already.");

    static Dictionary<string, string[]> Check(AddPaperRequest request)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Competition)) problems["competition"] = ["Name one of the group's competitions by its slug."];
        var citation = request.Citation?.Trim() ?? "";
        if (citation.Length == 0) problems["citation"] = ["A citation is required: the paper whose result is to be replicated."];
        else if (citation.Length > 1000) problems["citation"] = ["A citation is at most 1000 characters."];
        if (!string.IsNullOrWhiteSpace(request.Url)
            && (request.Url.Trim().Length > 2000 || !Uri.TryCreate(request.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            problems["url"] = ["The URL must be an absolute http or https address of at most 2000 characters."];
        if (request.ReportedScore is not { } reported || !double.IsFinite(reported))
            problems["reportedScore"] = ["The reported score is required: a finite number in the competition metric's units."];
        if (request.Tolerance is not { } tolerance || !double.IsFinite(tolerance) || tolerance < 0)
            problems["tolerance"] = ["The tolerance is required: a finite number, zero or more, in the metric's units."];
        return problems;
    }

    /// <summary>The new order must name every paper of the track exactly once; positions are renumbered from 0.</summary>
    static async Task<IResult> ReorderAsync(string slug, string track, ReorderRequest request, HttpContext http, ArenaDb db, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        if (!found.Standing.Runs) return GroupAccess.OnlyOrganizers();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        var papers = await db.TrackPapers.Where(p => p.TrackId == found.Track.Id).ToListAsync(cancellation);
        var order = request.PaperIds ?? [];
        if (order.Count != papers.Count || order.Distinct().Count() != order.Count || !order.All(id => papers.Any(p => p.Id == id)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["paperIds"] = [$"Name each of the track's {papers.Count} papers exactly once: {string.Join(", ", papers.OrderBy(p => p.Position).Select(p => p.Id))}."],
            });
        foreach (var paper in papers) paper.Position = IndexOf(order, paper.Id);
        db.Record(clock, "track-reordered", found.Standing.UserId, groupId: found.Standing.Group.Id, details: new { track, paperIds = order });
        await db.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return TypedResults.Ok(TrackAccess.View(slug, found.Track, await db.PapersAsync(http, found.Track.Id, cancellation)));
    }

    static int IndexOf(IReadOnlyList<int> order, int id)
    {
        for (var i = 0; i < order.Count; i++)
            if (order[i] == id) return i;
        throw new ArgumentException($"paper {id} is not in the order", nameof(id));
    }

    static async Task<IResult> RemoveAsync(string slug, string track, int paperId, HttpContext http, ArenaDb db, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        if (!found.Standing.Runs) return GroupAccess.OnlyOrganizers();
        var paper = await db.TrackPapers.FirstOrDefaultAsync(p => p.Id == paperId && p.TrackId == found.Track.Id, cancellation);
        if (paper is null) return Problems.NotFound("This track has no such paper.");
        db.TrackPapers.Remove(paper);
        db.Record(clock, "track-paper-removed", found.Standing.UserId, groupId: found.Standing.Group.Id, details: new { track, paperId, citation = paper.Citation });
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Removed by another request first: gone either way.
        }
        return TypedResults.NoContent();
    }
}

using Arena.Contracts;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Server.Accounts;
using Arena.Server.Files;
using Arena.Server.Leaderboards;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Competitions;

public sealed record CompetitionSummary(string Slug, string Title, string Description, string Metric, bool HigherIsBetter, DateTime? Deadline, string State);

public sealed record CompetitionDetails(
    string Slug, string Title, string Description, string Metric, IReadOnlyDictionary<string, string> MetricParameters, bool HigherIsBetter,
    DateTime? StartsAt, DateTime? Deadline, string State, int DailySubmissionLimit, int FinalSelections, long MaxUploadBytes,
    bool PrivateLeaderboardRevealed, string Overview, LeaderboardSummary Summary, int ScoreDecimals = ScoreDisplay.DefaultDecimals, double? LadderStep = null)
{
    /// <summary>The details with the public leaderboard's summary (participants, how many beat the human row or replicated a paper).</summary>
    public static async Task<CompetitionDetails> BuildAsync(Competition c, LeaderboardBuilder leaderboards, DateTime now, CancellationToken cancellation)
    {
        var summary = (await leaderboards.BuildAsync(c, LeaderboardBuilder.PublicView, cancellation)).Summary;
        return new(c.Slug, c.Title, c.Description, c.Metric, c.MetricParameters,
            MetricCatalog.TryFind(c.Metric, out var metric, out _) && metric.HigherIsBetter, c.StartsAt, c.Deadline, c.StateAt(now),
            c.DailySubmissionLimit, c.FinalSelections, c.MaxUploadBytes, c.IsPrivateRevealedAt(now), c.OverviewMarkdown, summary,
            c.ScoreDecimals, c.LadderStep);
    }
}

public sealed record CompetitionFileInfo(string Name, long Size, DateTime CreationDate);

public static class CompetitionsApi
{
    public static void MapCompetitions(this IEndpointRouteBuilder app)
    {
        var competitions = app.MapGroup("/api/competitions").AllowAnonymous();
        competitions.MapGet("/", ListAsync);
        competitions.MapGet("/{slug}", GetAsync);
        competitions.MapGet("/{slug}/files", ListFilesAsync);
        competitions.MapGet("/{slug}/files/{name}", DownloadAsync);
    }

    static async Task<Ok<List<CompetitionSummary>>> ListAsync(HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Competitions.AsNoTracking().VisibleTo(db, await Viewer.ForAsync(http)).OrderBy(c => c.Slug).ToListAsync(cancellation);
        return TypedResults.Ok(rows.Select(c => new CompetitionSummary(c.Slug, c.Title, c.Description, c.Metric, HigherIsBetter(c), c.Deadline, c.StateAt(now))).ToList());
    }

    static async Task<Results<Ok<CompetitionDetails>, NotFound>> GetAsync(string slug, HttpContext http, ArenaDb db, LeaderboardBuilder leaderboards,
        TimeProvider clock, CancellationToken cancellation)
    {
        var c = await db.FindVisibleAsync(http, slug, cancellation);
        if (c is null) return TypedResults.NotFound();
        return TypedResults.Ok(await CompetitionDetails.BuildAsync(c, leaderboards, clock.GetUtcNow().UtcDateTime, cancellation));
    }

    static async Task<Results<Ok<List<CompetitionFileInfo>>, NotFound>> ListFilesAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var c = await db.Competitions.AsNoTracking().VisibleTo(db, await Viewer.ForAsync(http)).Include(c => c.Files).FirstOrDefaultAsync(c => c.Slug == slug, cancellation);
        if (c is null) return TypedResults.NotFound();
        return TypedResults.Ok(c.Files.OrderBy(f => f.Name).Select(f => new CompetitionFileInfo(f.Name, f.SizeBytes, f.CreatedAt)).ToList());
    }

    /// <summary>
    /// Only files registered as public are served; the solution lives in a folder no route reads from. Served from a
    /// local path (with the postgres store, this node's copy), so ranges and conditional requests work.
    /// </summary>
    static async Task<Results<PhysicalFileHttpResult, NotFound>> DownloadAsync(string slug, string name, HttpContext http, ArenaDb db, IFileStore files, CancellationToken cancellation)
    {
        var file = await db.Competitions.AsNoTracking().VisibleTo(db, await Viewer.ForAsync(http)).Where(c => c.Slug == slug)
            .Join(db.CompetitionFiles.Where(f => f.Name == name), c => c.Id, f => f.CompetitionId, (c, f) => new { c.StorageFolder, f.RelativePath })
            .FirstOrDefaultAsync(cancellation);
        if (file is null) return TypedResults.NotFound();
        string path;
        try
        {
            path = await files.GetLocalPathAsync(FileKeys.Combine(file.StorageFolder, file.RelativePath), cancellation);
        }
        catch (FileNotFoundException)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.PhysicalFile(path, "text/csv", name);
    }

    static bool HigherIsBetter(Competition c) => MetricCatalog.TryFind(c.Metric, out var metric, out _) && metric.HigherIsBetter;
}

public static class CompetitionRules
{
    /// <summary>"draft" until published (only its organizers see it), then "upcoming", "open" or "closed".</summary>
    public static string StateAt(this Competition c, DateTime now) =>
        c.State == CompetitionState.Draft ? "draft" : c.StartsAt > now ? "upcoming" : c.Deadline <= now ? "closed" : "open";

    /// <summary>A compressed upload may expand; 20 times the upload limit bounds what scoring will decompress (zip-bomb safety).</summary>
    public static long MaxDecompressedBytes(this Competition c) => c.MaxUploadBytes * 20;

    /// <summary>The private leaderboard opens when the closing job reveals it at the deadline, or when an organizer reveals it early.</summary>
    public static bool IsPrivateRevealedAt(this Competition c, DateTime now) => c.PrivateRevealedAt <= now;

    /// <summary>When the closing job is due: the organizer's reveal time, else the deadline; null for a competition that never closes.</summary>
    public static DateTime? RevealDue(this Competition c) => c.RevealAt ?? c.Deadline;
}

using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Arena.Server.Files;
using Arena.Server.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>A study with its competition, and whether the caller runs that competition.</summary>
public sealed record StudyContext(Competition Competition, HumanStudy Study, bool IsOrganizer)
{
    /// <summary>Open until an organizer closes the study or the competition's deadline passes.</summary>
    public bool IsClosedAt(DateTime now) => Study.ClosedAt is not null || Competition.Deadline <= now;

    /// <summary>The competition is open (no deadline, or before it): test labels and sampled ids stay hidden from participants.</summary>
    public bool CompetitionOpenAt(DateTime now) => Competition.Deadline is not { } deadline || now < deadline;

    /// <summary>What the caller may see of per-item and per-annotator figures: organizers always, others after the deadline.</summary>
    public bool SeesDetailsAt(DateTime now) => IsOrganizer || !CompetitionOpenAt(now);
}

public static class StudyAccess
{
    /// <summary>
    /// The study of a competition the caller may see; otherwise 404 (an invisible competition is answered as one that
    /// does not exist, and a visible one without a study has nothing here).
    /// </summary>
    public static async Task<(StudyContext? Context, IResult? Refusal)> FindStudyAsync(this ArenaDb db, HttpContext http, string slug,
        CancellationToken cancellation)
    {
        var viewer = await Viewer.ForAsync(http);
        var competition = await db.Competitions.AsNoTracking().VisibleTo(db, viewer).FirstOrDefaultAsync(c => c.Slug == slug, cancellation);
        if (competition is null) return (null, TypedResults.NotFound());
        var study = await db.HumanStudies.FirstOrDefaultAsync(s => s.CompetitionId == competition.Id, cancellation);
        if (study is null) return (null, Operations.Problems.NotFound("This competition has no human study."));
        var organizer = await db.Competitions.OrganizedBy(db, viewer).AnyAsync(c => c.Id == competition.Id, cancellation);
        return (new StudyContext(competition, study, organizer), null);
    }

    /// <summary>The study of a competition the caller runs: 404 when they may not see it, 403 when they may but do not run it.</summary>
    public static async Task<(StudyContext? Context, IResult? Refusal)> FindStudyToOrganizeAsync(this ArenaDb db, HttpContext http, string slug,
        CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return (null, refusal);
        var study = await db.HumanStudies.FirstOrDefaultAsync(s => s.CompetitionId == competition.Id, cancellation);
        return study is null
            ? (null, Operations.Problems.NotFound("This competition has no human study."))
            : (new StudyContext(competition, study, true), null);
    }

    /// <summary>
    /// Local copies of the solution, test.csv and train.csv (when there is one), through the file store. Throws
    /// <see cref="StudyProblem"/> (409) when the competition has no test.csv.
    /// </summary>
    public static async Task<StudyFiles> FilesAsync(this Competition competition, ArenaDb db, IFileStore files, SolutionCache solutions,
        CancellationToken cancellation)
    {
        var names = await db.CompetitionFiles.AsNoTracking().Where(f => f.CompetitionId == competition.Id).ToListAsync(cancellation);
        var test = Public(names, "test") ?? throw new StudyProblem("test.csv", "the competition has no public test.csv to show items from.", StatusCodes.Status409Conflict);
        var train = Public(names, "train");
        return new StudyFiles(await solutions.GetAsync(competition, cancellation), await files.GetLocalPathAsync(SolutionCache.Key(competition), cancellation),
            await Local(test), train is null ? null : await Local(train));

        Task<string> Local(CompetitionFile file) => files.GetLocalPathAsync(FileKeys.Combine(competition.StorageFolder, file.RelativePath), cancellation);
    }

    /// <summary>A public file by Kaggle's name, plain or compressed (test.csv, test.csv.gz, test.zip).</summary>
    public static CompetitionFile? Public(IEnumerable<CompetitionFile> files, string stem) =>
        files.OrderBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(f => f.Name.StartsWith(stem + ".", StringComparison.OrdinalIgnoreCase));
}

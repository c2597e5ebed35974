using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Scoring.Reading;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Files;
using Arena.Server.Leaderboards;
using Arena.Server.Scoring;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Running;

/// <summary>
/// Scores a competition's submissions and reference files again with the current scorer and solution. Reentrant:
/// each batch's scores and the run's counters are committed together, and only rows the run has not written yet are
/// written, so a restarted (or duplicated) run carries on where it stopped and counts every submission once.
/// </summary>
public sealed class RescoreCompetitionJob(ArenaDb db, SolutionCache solutions, IFileStore files, IChangeNotifier changes,
    TimeProvider clock, ILogger<RescoreCompetitionJob> log)
{
    const int BatchSize = 50;

    /// <summary>Organizers watch a progress bar, not every batch: a few pushes a second, and one at the end.</summary>
    static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    sealed record Stored(Guid Id, string Path, double? Public, double? Private, string? ScorerVersion);

    /// <summary>What the scores of a submission or reference file are after the rescore.</summary>
    sealed record Rescored(Guid Id, double? Public, double? Private, string? ScorerVersion, bool Changed);

    /// <summary>What a run rescores: submissions scored before it was requested (later ones were scored with the current scorer already).</summary>
    public static IQueryable<Submission> Submissions(ArenaDb db, int competitionId, DateTime requestedAt) =>
        db.Submissions.Where(s => s.CompetitionId == competitionId && s.Status == SubmissionStatus.Scored && s.ScoredAt <= requestedAt);

    public static IQueryable<ReferenceRow> References(ArenaDb db, int competitionId, DateTime requestedAt) =>
        db.ReferenceRows.Where(r => r.CompetitionId == competitionId && r.File != null && r.Status == ReferenceStatus.Ready && r.CreatedAt <= requestedAt);

    /// <summary>Retries are for infrastructure faults; a solution that cannot be loaded ends the run at once.</summary>
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(int runId, CancellationToken cancellation)
    {
        var run = await db.RescoreRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellation);
        if (run is null || run.FinishedAt is not null) return;
        var competition = await db.Competitions.AsNoTracking().FirstAsync(c => c.Id == run.CompetitionId, cancellation);
        // The solution file may have been fixed since this worker parsed it.
        solutions.Forget(competition.Id);
        Solution solution;
        try
        {
            solution = await solutions.GetAsync(competition, cancellation);
        }
        catch (SolutionException)
        {
            // Its message may quote hidden labels, so only the fact is logged.
            log.LogError("Rescore run {Run}: the solution of {Competition} cannot be loaded; the run ends unfinished", runId, competition.Slug);
            await FinishAsync(run, competition, [], "rescore-failed", cancellation);
            await changes.RescoreProgressAsync(runId, competition.Id, cancellation);
            return;
        }

        long? lastPush = null;
        while (await NextBatchAsync(run, cancellation) is { Count: > 0 } batch)
        {
            var rescored = new List<Rescored>(batch.Count);
            foreach (var stored in batch) rescored.Add(await RescoreAsync(stored, solution, competition, cancellation));
            if (!await SaveBatchAsync(runId, rescored, cancellation)) continue;
            if (lastPush is { } last && clock.GetElapsedTime(last) < ProgressInterval) continue;
            lastPush = clock.GetTimestamp();
            await changes.RescoreProgressAsync(runId, competition.Id, cancellation);
        }

        var references = await References(db, competition.Id, run.RequestedAt).AsNoTracking().ToListAsync(cancellation);
        var rescoredReferences = new List<(int Id, Rescored Scores)>(references.Count);
        foreach (var r in references)
        {
            var stored = new Stored(Guid.Empty, FileKeys.Combine(competition.StorageFolder, r.File!), r.PublicScore, r.PrivateScore, r.ScorerVersion);
            rescoredReferences.Add((r.Id, await RescoreAsync(stored, solution, competition, cancellation)));
        }
        if (!await FinishAsync(run, competition, rescoredReferences, "rescore-finished", cancellation)) return;
        await changes.LeaderboardChangedAsync(competition.Id, cancellation);
        await changes.RescoreProgressAsync(runId, competition.Id, cancellation);
        log.LogInformation("Rescore run {Run} of {Competition} finished", runId, competition.Slug);
    }

    Task<List<Stored>> NextBatchAsync(RescoreRun run, CancellationToken cancellation) =>
        Submissions(db, run.CompetitionId, run.RequestedAt).AsNoTracking()
            .Where(s => s.RescoreRunId != run.Id)
            .OrderBy(s => s.Id)
            .Take(BatchSize)
            .Select(s => new Stored(s.Id, s.StoredPath, s.PublicScore, s.PrivateScore, s.ScorerVersion))
            .ToListAsync(cancellation);

    /// <summary>A file that no longer passes validation, or is gone, keeps the score it had; the reason is logged.</summary>
    async Task<Rescored> RescoreAsync(Stored stored, Solution solution, Competition competition, CancellationToken cancellation)
    {
        var unchanged = new Rescored(stored.Id, stored.Public, stored.Private, stored.ScorerVersion, Changed: false);
        ScoreOutcome outcome;
        try
        {
            outcome = Scorer.Score(solution, await files.GetLocalPathAsync(stored.Path, cancellation), competition.MaxDecompressedBytes());
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            log.LogWarning("Rescore of {Competition}: {Path} is missing; it keeps its score", competition.Slug, stored.Path);
            return unchanged;
        }
        if (outcome.Result is not { } result)
        {
            log.LogWarning("Rescore of {Competition}: {Path} no longer passes validation; it keeps its score", competition.Slug, stored.Path);
            return unchanged;
        }
        return new Rescored(stored.Id, result.Public, result.Private, result.ScorerVersion,
            Changed: !Nullable.Equals(result.Public, stored.Public) || !Nullable.Equals(result.Private, stored.Private));
    }

    /// <summary>
    /// One UPDATE writes the whole batch, only to rows this run has not written yet. If another copy of the job wrote
    /// some of them first, nothing of this batch is kept and the caller reads the next batch afresh.
    /// </summary>
    async Task<bool> SaveBatchAsync(int runId, List<Rescored> batch, CancellationToken cancellation)
    {
        var ids = batch.Select(r => r.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        var written = await db.Submissions.Where(s => ids.Contains(s.Id) && s.RescoreRunId != runId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.PublicScore, ById.Case(batch.Select(r => (r.Id, r.Public)), x => x.PublicScore))
                .SetProperty(x => x.PrivateScore, ById.Case(batch.Select(r => (r.Id, r.Private)), x => x.PrivateScore))
                .SetProperty(x => x.ScorerVersion, ById.Case(batch.Select(r => (r.Id, r.ScorerVersion)), x => x.ScorerVersion))
                .SetProperty(x => x.RescoreRunId, runId), cancellation);
        if (written != batch.Count) return false;
        var changed = batch.Count(r => r.Changed);
        await db.RescoreRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Done, x => x.Done + written).SetProperty(x => x.Changed, x => x.Changed + changed), cancellation);
        await transaction.CommitAsync(cancellation);
        return true;
    }

    /// <summary>
    /// Reference rows have no run marker, so they are written in the same transaction that ends the run: a restart
    /// either redoes them all or finds the run finished. Only the first copy of the job to get here ends it.
    /// </summary>
    async Task<bool> FinishAsync(RescoreRun run, Competition competition, List<(int Id, Rescored Scores)> references, string action, CancellationToken cancellation)
    {
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        var changed = references.Count(r => r.Scores.Changed);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        var ended = await db.RescoreRuns.Where(r => r.Id == run.Id && r.FinishedAt == null)
            .ExecuteUpdateAsync(r => r
                .SetProperty(x => x.Done, x => x.Done + references.Count)
                .SetProperty(x => x.Changed, x => x.Changed + changed)
                .SetProperty(x => x.FinishedAt, finishedAt), cancellation);
        if (ended == 0) return false;
        foreach (var (id, scores) in references)
            await db.ReferenceRows.Where(r => r.Id == id).ExecuteUpdateAsync(r => r
                .SetProperty(x => x.PublicScore, scores.Public)
                .SetProperty(x => x.PrivateScore, scores.Private)
                .SetProperty(x => x.ScorerVersion, scores.ScorerVersion), cancellation);
        await db.Competitions.Where(c => c.Id == competition.Id)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.LeaderboardVersion, x => x.LeaderboardVersion + 1), cancellation);
        var final = await db.RescoreRuns.AsNoTracking().FirstAsync(r => r.Id == run.Id, cancellation);
        db.Record(clock, action, null, competition.Id, details: new { runId = run.Id, final.Total, final.Done, final.Changed, final.ScorerVersion });
        await db.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return true;
    }
}

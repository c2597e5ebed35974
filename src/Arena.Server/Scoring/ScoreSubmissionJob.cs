using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Scoring.Reading;
using Arena.Server.Competitions;
using Arena.Server.Configuration;
using Arena.Server.Files;
using Arena.Server.Leaderboards;
using Arena.Server.Operations;
using Arena.Server.Submissions;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Scoring;

/// <summary>
/// Scores one submission. Safe to run twice or concurrently: a worker first claims the row (queued, or a scoring
/// claim older than the lease) with a conditional update, and writes the result only while its own claim still
/// stands, so each submission gets exactly one final score however often its job runs.
/// </summary>
public sealed class ScoreSubmissionJob(ArenaDb db, SolutionCache solutions, IFileStore files, IChangeNotifier changes,
    ClaimRenewal renewal, ArenaOptions options, TimeProvider clock, ILogger<ScoreSubmissionJob> log)
{
    /// <summary>Retries are for infrastructure faults; an invalid file is a final answer and throws nothing.</summary>
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(Guid submissionId, CancellationToken cancellation)
    {
        // Whole milliseconds: the claim is compared for equality later, and PostgreSQL keeps only microseconds.
        var now = clock.GetUtcNow().UtcDateTime;
        var claimedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var staleBefore = claimedAt - options.ScoringLease;
        var claimed = await db.Submissions
            .Where(s => s.Id == submissionId && (s.Status == SubmissionStatus.Queued
                || (s.Status == SubmissionStatus.Scoring && (s.ScoringRenewedAt ?? s.ScoringStartedAt) < staleBefore)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubmissionStatus.Scoring)
                .SetProperty(x => x.ScoringStartedAt, claimedAt)
                .SetProperty(x => x.ScoringRenewedAt, claimedAt)
                .SetProperty(x => x.ScoringAttempts, x => x.ScoringAttempts + 1), cancellation);
        if (claimed == 0) return;
        using var renewing = new CancellationTokenSource();
        var renewals = renewal.KeepAsync(submissionId, claimedAt, renewing.Token);
        try
        {
            await ScoreClaimedAsync(submissionId, claimedAt, cancellation);
        }
        catch (Exception e)
        {
            // Whatever stopped this run, the claim goes back, or the row would wait as `scoring` for the whole lease
            // while Hangfire's retry of this job found it claimed and did nothing. A worker that is stopping: Hangfire
            // puts the interrupted job back in its queue, and another worker (or this one after its restart) scores it.
            // The database gone away mid-job: the release waits for it, then the retry or the sweep scores it. After a
            // saved result the release finds nothing to do.
            await ReleaseClaimAsync(submissionId, claimedAt);
            if (e is OperationCanceledException && cancellation.IsCancellationRequested)
                log.LogInformation("Submission {Id}: scoring stopped by a shutdown; it is queued again", submissionId);
            else if (DatabaseUnavailable.IsTransient(e))
                log.LogWarning("Submission {Id}: the database went away while scoring ({Reason}); it is queued again", submissionId, e.Message);
            throw;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewals;
        }
    }

    async Task ScoreClaimedAsync(Guid submissionId, DateTime claimedAt, CancellationToken cancellation)
    {
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Competition).FirstAsync(s => s.Id == submissionId, cancellation);
        var competition = submission.Competition!;
        await changes.SubmissionChangedAsync(submission.Id, submission.UserId, competition.Slug, cancellation);

        ScoreOutcome outcome;
        try
        {
            cancellation.ThrowIfCancellationRequested();
            var solution = await solutions.GetAsync(competition, cancellation);
            // On another machine than the upload's with the postgres store: a local copy is fetched first.
            var file = await files.GetLocalPathAsync(submission.StoredPath, cancellation);
            outcome = Scorer.Score(solution, file, competition.MaxDecompressedBytes());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not the participant's fault (a broken solution, a missing file): RunAsync hands the claim back so a retry
            // can start at once. A solution problem's message may quote hidden labels, so only its kind is logged.
            if (e is SolutionException) log.LogError("Submission {Id}: the competition's solution cannot be loaded; the submission stays queued", submissionId);
            else if (!DatabaseUnavailable.IsTransient(e)) log.LogError(e, "Submission {Id}: scoring failed; it stays queued for a retry", submissionId);
            throw;
        }
        // The score is computed, so the job finishes even while its worker stops: the writes are short (bounded by the
        // command timeout), and a cancelled one could leave a score saved without its push, which no rerun repairs,
        // since a rerun finds the row scored.
        var finishedAt = clock.GetUtcNow().UtcDateTime;
        var saved = outcome.Result is { } result
            ? await SaveScoreAsync(submission, claimedAt, finishedAt, result, CancellationToken.None)
            : await SaveFailureAsync(submission, claimedAt, finishedAt, outcome, CancellationToken.None);
        if (saved == 0)
        {
            log.LogWarning("Submission {Id}: another worker took over the claim; this result was dropped", submissionId);
            return;
        }
        // Logged as soon as the result is saved, once per saving run, whatever happens to the pushes below: the load
        // scenarios count these lines to show that no submission is scored twice.
        log.LogInformation("Submission {Id} for {Competition}: {Status}", submissionId, competition.Slug, outcome.IsScored ? "scored" : "failed");
        if (outcome.IsScored && !submission.IsLate) await changes.LeaderboardChangedAsync(competition.Id, CancellationToken.None);
        await changes.SubmissionChangedAsync(submission.Id, submission.UserId, competition.Slug, CancellationToken.None);
    }

    /// <summary>
    /// Back to queued, only while the claim is still this job's; never cancelled, since it is the clean-up. The usual
    /// reason to release is that the database went away, so the release waits for it (a second at a time, for up to
    /// <see cref="ReleaseRetryLimit"/>): a claim left standing would hold the submission for the whole scoring lease,
    /// since Hangfire's retry of this job finds it claimed and does nothing.
    /// </summary>
    async Task ReleaseClaimAsync(Guid submissionId, DateTime claimedAt)
    {
        var started = clock.GetUtcNow();
        while (true)
        {
            try
            {
                await db.Submissions.Where(ScoringClaim.StillHeld(submissionId, claimedAt))
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubmissionStatus.Queued), CancellationToken.None);
                return;
            }
            catch (Exception e) when (DatabaseUnavailable.IsTransient(e) && clock.GetUtcNow() - started < ReleaseRetryLimit)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, CancellationToken.None);
            }
        }
    }

    /// <summary>How long a release waits for the database; past it the scoring lease hands the submission on.</summary>
    static readonly TimeSpan ReleaseRetryLimit = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The score and, for an on-time submission, the leaderboard's new version in one transaction: a database that went
    /// away between the two used to leave a score on the board with no version bump, which no rerun repairs (a rerun
    /// finds the row scored), so watchers missed that change until the next score.
    /// </summary>
    async Task<int> SaveScoreAsync(Submission submission, DateTime claimedAt, DateTime finishedAt, ScoreResult result, CancellationToken cancellation)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        var saved = await db.Submissions.Where(ScoringClaim.StillHeld(submission.Id, claimedAt))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubmissionStatus.Scored)
                .SetProperty(x => x.PublicScore, result.Public)
                .SetProperty(x => x.PrivateScore, result.Private)
                .SetProperty(x => x.ScorerVersion, result.ScorerVersion)
                .SetProperty(x => x.ScoredAt, finishedAt), cancellation);
        if (saved == 1 && !submission.IsLate)
            await db.Competitions.Where(c => c.Id == submission.CompetitionId)
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.LeaderboardVersion, x => x.LeaderboardVersion + 1), cancellation);
        await transaction.CommitAsync(cancellation);
        return saved;
    }

    /// <summary>An invalid file is final: the errors are stored for the participant and the day's slot is given back.</summary>
    async Task<int> SaveFailureAsync(Submission submission, DateTime claimedAt, DateTime finishedAt, ScoreOutcome outcome, CancellationToken cancellation)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        var saved = await db.Submissions.Where(ScoringClaim.StillHeld(submission.Id, claimedAt))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubmissionStatus.Failed)
                .SetProperty(x => x.Errors, SubmissionMapping.ToJson(outcome.Errors))
                .SetProperty(x => x.ScorerVersion, ScorerInfo.Version)
                .SetProperty(x => x.ScoredAt, finishedAt), cancellation);
        if (saved == 1) await Quotas.ReleaseAsync(db, submission.CompetitionId, submission.UserId, submission.QuotaDay, cancellation);
        await transaction.CommitAsync(cancellation);
        return saved;
    }
}

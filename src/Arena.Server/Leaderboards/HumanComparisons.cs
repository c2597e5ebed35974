using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Arena.Contracts;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Humans;
using Arena.Scoring.Reading;
using Arena.Server.Competitions;
using Arena.Server.Files;
using Arena.Server.Humans;
using Arena.Server.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>A participant's best submission on the board being built: the one whose figure is compared with the humans.</summary>
public sealed record BestSubmission(Guid UserId, Guid SubmissionId, string StoredPath);

/// <summary>The measured human row, the item set compared on, and each participant's comparison (missing when it could not be computed).</summary>
public sealed record HumanBoard(LeaderboardRow Row, bool Ranked, HumanItemsSet? Set, IReadOnlyDictionary<Guid, HumanItemsComparison> ByUser);

/// <summary>
/// The measured human baseline on a leaderboard (issue 8): the human row, and every participant's best submission
/// scored on exactly the study's items and compared with the humans by a paired bootstrap (10,000 resamples, seeded
/// with the study's seed) and, where both sides are right or wrong per item, the exact McNemar test. Everything is
/// recomputed from stored data; <see cref="HumanComparisonCache"/> keeps results in memory only, keyed so that a new
/// answer, a closed study, a new solution or another item set makes new ones.
/// </summary>
public sealed class HumanComparisons(ArenaDb db, HumanBaselines baselines, SolutionCache solutions, IFileStore files,
    HumanComparisonCache cache, TimeProvider clock, ILogger<HumanComparisons> log)
{
    public const string PublicItems = "public";
    public const string AllItems = "all";

    /// <summary>Null when the competition has no study or the study has no answer yet.</summary>
    public async Task<HumanBoard?> ForBoardAsync(Competition competition, bool allItems, IReadOnlyList<BestSubmission> best,
        CancellationToken cancellation)
    {
        var study = await StudyAsync(competition, cancellation);
        if (study?.Snapshot is not { Panel: { } panel, Result: { } result } snapshot) return null;
        var solution = await solutions.GetAsync(competition, cancellation);
        var set = allItems ? AllItems : PublicItems;
        var compared = study.OnSet(set, () => allItems ? panel : panel.Restrict(ItemCorrectness.PublicOnes(solution, panel.ItemIds)), snapshot.Aggregation);

        var ranked = string.Equals(competition.Metric, "accuracy", StringComparison.OrdinalIgnoreCase);
        var row = new LeaderboardRow(null, "Measured human baseline", result.Score, LeaderboardKinds.Human, 0, null, null, null,
            Source: $"{result.ItemCount} items · {result.AnnotatorCount} {(result.AnnotatorCount == 1 ? "annotator" : "annotators")} · {Name(snapshot.Aggregation)}",
            Human: new MeasuredHuman(result.Interval.Low, result.Interval.High, 0.95, result.ItemCount, result.AnnotatorCount, Name(snapshot.Aggregation),
                snapshot.Provisional || !snapshot.Finished, snapshot.Status, "accuracy", ranked, $"/c/{competition.Slug}/human-study/protocol"));
        if (compared is null) return new HumanBoard(row, ranked, new HumanItemsSet(set, 0, null, null, null), new Dictionary<Guid, HumanItemsComparison>());

        var humanSet = new HumanItemsSet(set, compared.Panel.ItemIds.Count, compared.Result.Score, compared.Result.Interval.Low, compared.Result.Interval.High);
        var byUser = new Dictionary<Guid, HumanItemsComparison>();
        foreach (var entry in best)
        {
            var comparison = await CompareAsync(competition, solution, study, snapshot, compared, set, entry, cancellation);
            if (comparison is not null) byUser[entry.UserId] = comparison;
        }
        return new HumanBoard(row, ranked, humanSet, byUser);
    }

    async Task<HumanItemsComparison?> CompareAsync(Competition competition, Solution solution, CachedStudy study, HumanBaselineSnapshot snapshot,
        ComparedSet compared, string set, BestSubmission entry, CancellationToken cancellation)
    {
        var key = (entry.SubmissionId, study.Fingerprint, set);
        if (cache.Comparisons.TryGetValue(key, out var known)) return known;
        var correct = await CorrectnessAsync(competition, solution, snapshot, entry, cancellation);
        if (correct is null) return null;
        var model = compared.Panel.ItemIds.ToDictionary(id => id, id => correct[id] ? 1.0 : 0.0, StringComparer.Ordinal);
        var difference = PairedBootstrap.Difference(model, compared.Panel, snapshot.Aggregation, snapshot.Seed, cancellation: cancellation);
        double? p = compared.HumanCorrect is { } human
            ? McNemar.Compare([.. compared.Panel.ItemIds.Select(id => correct[id])], human).PValue
            : null;
        var comparison = new HumanItemsComparison(set, model.Count, model.Values.Sum() / model.Count, compared.Result.Score,
            difference.Observed, difference.Low, difference.High, p, difference.Low > 0);
        cache.Remember(key, comparison);
        return comparison;
    }

    /// <summary>Right or wrong on every sampled item, read once per submission and solution with the scoring library.</summary>
    async Task<IReadOnlyDictionary<string, bool>?> CorrectnessAsync(Competition competition, Solution solution, HumanBaselineSnapshot snapshot,
        BestSubmission entry, CancellationToken cancellation)
    {
        var bySolution = cache.Correctness.GetOrCreateValue(solution);
        if (bySolution.TryGetValue((entry.SubmissionId, snapshot.StudyId), out var known)) return known;
        try
        {
            var check = SubmissionReader.Read(solution, await files.GetLocalPathAsync(entry.StoredPath, cancellation), competition.MaxDecompressedBytes());
            if (check.Predictions is not { } predictions) return null;
            var correct = ItemCorrectness.Of(solution, predictions, snapshot.ItemIds);
            bySolution[(entry.SubmissionId, snapshot.StudyId)] = correct;
            return correct;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever goes wrong with one submission's comparison, the leaderboard (and its push) still goes out without it.
            // The message may name an item, so only the kind is logged: item ids stay hidden while the competition is open.
            log.LogWarning("Submission {Id} cannot be compared with the human study of {Competition}: {Kind}", entry.SubmissionId, competition.Slug, e.GetType().Name);
            return null;
        }
    }

    /// <summary>The study computed afresh only when its answers changed (or it closed) since the last time.</summary>
    async Task<CachedStudy?> StudyAsync(Competition competition, CancellationToken cancellation)
    {
        var study = await db.HumanStudies.AsNoTracking().Where(s => s.CompetitionId == competition.Id)
            .Select(s => new { s.Id, s.ClosedAt }).FirstOrDefaultAsync(cancellation);
        if (study is null) return null;
        var answers = db.HumanAnswers.AsNoTracking().Where(a => a.StudyId == study.Id);
        var count = await answers.CountAsync(cancellation);
        var last = count == 0 ? 0 : await answers.MaxAsync(a => a.Id, cancellation);
        var closed = study.ClosedAt is not null || competition.Deadline <= clock.GetUtcNow().UtcDateTime;
        var fingerprint = $"{study.Id}|{count}|{last}|{closed}";
        if (cache.Studies.TryGetValue(competition.Id, out var cached) && cached.Fingerprint == fingerprint) return cached;
        var fresh = new CachedStudy(fingerprint, await baselines.ForCompetitionAsync(competition.Id, cancellation));
        cache.Studies[competition.Id] = fresh;
        return fresh;
    }

    static string Name(HumanAggregation aggregation) => JsonNamingPolicy.CamelCase.ConvertName(aggregation.ToString());
}

/// <summary>The human side on one item set: the restricted panel, the study's figures on it, and its per-item right or wrong (null where there is none).</summary>
public sealed record ComparedSet(HumanPanel Panel, HumanBaselineResult Result, IReadOnlyList<bool>? HumanCorrect);

/// <summary>A study as last computed, with its human side per item set.</summary>
public sealed class CachedStudy(string fingerprint, HumanBaselineSnapshot? snapshot)
{
    readonly ConcurrentDictionary<string, Lazy<ComparedSet?>> _sets = new(StringComparer.Ordinal);

    public string Fingerprint { get; } = fingerprint;
    public HumanBaselineSnapshot? Snapshot { get; } = snapshot;

    public ComparedSet? OnSet(string set, Func<HumanPanel?> panel, HumanAggregation aggregation) =>
        _sets.GetOrAdd(set, _ => new Lazy<ComparedSet?>(() => panel() is { } p
            ? new ComparedSet(p, HumanBaseline.Compute(p, aggregation), p.ItemCorrect(aggregation))
            : null)).Value;
}

/// <summary>
/// What <see cref="HumanComparisons"/> keeps between builds, in memory only (no table: everything can be recomputed).
/// Comparisons are keyed by (submission, study fingerprint, item set), so a push rescoring nothing costs dictionary
/// look-ups; per-item correctness lives as long as the parsed solution it was read against.
/// </summary>
public sealed class HumanComparisonCache
{
    /// <summary>Past this many comparisons the cache starts again: a bound on memory, not a policy.</summary>
    const int MostComparisons = 20_000;

    public ConcurrentDictionary<int, CachedStudy> Studies { get; } = new();
    public ConcurrentDictionary<(Guid SubmissionId, string Fingerprint, string Set), HumanItemsComparison> Comparisons { get; } = new();
    public ConditionalWeakTable<Solution, ConcurrentDictionary<(Guid SubmissionId, int StudyId), IReadOnlyDictionary<string, bool>>> Correctness { get; } = new();

    public void Remember((Guid, string, string) key, HumanItemsComparison comparison)
    {
        if (Comparisons.Count >= MostComparisons) Comparisons.Clear();
        Comparisons[key] = comparison;
    }
}

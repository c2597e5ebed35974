using Arena.Data;
using Arena.Scoring.Humans;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// A competition's human baseline for the leaderboard, computed afresh from the stored answers.
/// <see cref="Panel"/> holds the items with at least one response (all of <see cref="ItemIds"/> once the study is
/// complete) with every response; a paired comparison with a model goes through the scoring library on exactly those
/// items: <c>PairedBootstrap.Difference(modelScoreByItem, Panel, Aggregation, seed)</c>, and <c>McNemar.Compare</c>
/// on per-item correctness aligned with <see cref="PerItem"/> (a majority study's <see cref="ItemTally.MajorityCorrect"/>,
/// or, with one annotator per item, <c>Correct == 1</c>). <c>Finished</c> is true once the study is closed (by an
/// organizer or the deadline) or complete (every item has its annotators); <c>ItemIds</c> are the sampled test ids,
/// sorted ordinally, whose split hash is <c>SplitHash</c>.
/// </summary>
public sealed record HumanBaselineSnapshot(
    int StudyId, string Status, bool Finished, HumanAggregation Aggregation, int Seed, string SplitHash, bool Provisional,
    IReadOnlyList<string> ItemIds, HumanPanel? Panel, HumanBaselineResult? Result, IReadOnlyList<ItemTally> PerItem);

/// <summary>What a later leaderboard change calls: no HTTP, no access rules (the caller applies the leaderboard's own).</summary>
public sealed class HumanBaselines(ArenaDb db, TimeProvider clock)
{
    /// <summary>The competition's study and its baseline; null when it has no study.</summary>
    public async Task<HumanBaselineSnapshot?> ForCompetitionAsync(int competitionId, CancellationToken cancellation)
    {
        var competition = await db.Competitions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == competitionId, cancellation);
        var study = competition is null ? null : await db.HumanStudies.AsNoTracking().FirstOrDefaultAsync(s => s.CompetitionId == competitionId, cancellation);
        if (study is null) return null;
        var context = new StudyContext(competition!, study, true);
        var now = clock.GetUtcNow().UtcDateTime;
        var record = await StudyRecord.LoadAsync(db, study, cancellation);
        var status = StudyView.StatusOf(context, record, now);
        var aggregation = StudySettings.ToScoring(study.Aggregation);
        var outcome = record.Compute(HumanResultsApi.ClosedAt(context, now));
        var ids = record.TestItems.Select(i => i.ItemId).Order(StringComparer.Ordinal).ToList();
        return new HumanBaselineSnapshot(study.Id, status, status != "open", aggregation, study.Seed, study.SplitHash,
            ids.Count < StratifiedSample.ProvisionalBelow, ids, outcome?.Panel, outcome?.Result, outcome?.ItemTallies(aggregation) ?? []);
    }
}

namespace Arena.Scoring.Humans;

/// <summary>One annotator's record in a study. Skips count as wrong, so <see cref="Accuracy"/> is over everything assigned.</summary>
public sealed record AnnotatorScore(string AnnotatorId, int Assigned, int Answered, int Correct)
{
    public double Accuracy => (double)Correct / Assigned;
    public double Coverage => (double)Answered / Assigned;
}

/// <summary>
/// The human baseline of a study under one aggregation rule. <see cref="Score"/> and <see cref="Interval"/> are the
/// figures compared with models. <see cref="OraclePanelScore"/> (an item is right when any annotator got it right) is
/// reported for context only and is never ranked: it picks the right answer after seeing the gold label.
/// <see cref="FleissKappa"/> is computed over the items that no annotator skipped, and is null when those items do not
/// all have the same number (at least two) of annotators, or when kappa is undefined (a single label used).
/// <see cref="Coverage"/> is answered / assigned responses, and <see cref="SkipRate"/> its complement.
/// Equality compares every value, including each annotator's, so a recomputation can be checked with ==.
/// </summary>
public sealed record HumanBaselineResult(
    HumanAggregation Aggregation,
    double Score,
    ProportionInterval Interval,
    int ItemCount,
    int AnnotatorCount,
    IReadOnlyList<AnnotatorScore> Annotators,
    double? FleissKappa,
    double MedianSecondsPerItem,
    double SkipRate,
    double Coverage,
    double OraclePanelScore)
{
    public bool Equals(HumanBaselineResult? other) =>
        other is not null
        && Aggregation == other.Aggregation
        && Score.Equals(other.Score)
        && Interval == other.Interval
        && ItemCount == other.ItemCount
        && AnnotatorCount == other.AnnotatorCount
        && Annotators.SequenceEqual(other.Annotators)
        && FleissKappa.Equals(other.FleissKappa)
        && MedianSecondsPerItem.Equals(other.MedianSecondsPerItem)
        && SkipRate.Equals(other.SkipRate)
        && Coverage.Equals(other.Coverage)
        && OraclePanelScore.Equals(other.OraclePanelScore);

    public override int GetHashCode() => HashCode.Combine(Aggregation, Score, Interval, ItemCount, AnnotatorCount, Annotators.Count);
}

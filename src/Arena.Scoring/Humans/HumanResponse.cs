namespace Arena.Scoring.Humans;

/// <summary>One test item of a human-baseline study with its true label. Labels compare as ordinal strings.</summary>
public sealed record HumanStudyItem(string ItemId, string GoldLabel);

/// <summary>
/// One annotator's response to one item: a <see cref="Label"/>, or a skip with its <see cref="SkipReason"/> (exactly
/// one of the two is set). An assignment the annotator never finished should be recorded as a skip (for example
/// "expired"): this library sees only responses, and a skip counts as wrong.
/// </summary>
public sealed record HumanResponse(string ItemId, string AnnotatorId, string? Label, string? SkipReason, long ElapsedMilliseconds, int OrderPosition)
{
    public bool IsSkip => Label is null;

    public static HumanResponse Answer(string itemId, string annotatorId, string label, long elapsedMilliseconds, int orderPosition) =>
        new(itemId, annotatorId, label, null, elapsedMilliseconds, orderPosition);

    public static HumanResponse Skip(string itemId, string annotatorId, string reason, long elapsedMilliseconds, int orderPosition) =>
        new(itemId, annotatorId, null, reason, elapsedMilliseconds, orderPosition);
}

/// <summary>
/// How several annotators become one human score. The rule is fixed before the study runs, so that it cannot be
/// picked afterwards to flatter either side.
/// </summary>
public enum HumanAggregation
{
    /// <summary>Each annotator's accuracy over the items assigned to them (skips wrong), averaged over annotators. The default.</summary>
    MeanOfIndividuals,

    /// <summary>Per item, the most frequent response among its annotators; the item is right when that is the gold label.</summary>
    MajorityOfK,

    /// <summary>The accuracy of the single best annotator.</summary>
    BestIndividual,
}

using System.Text.Json.Serialization;
using Arena.Scoring.Humans;

namespace Arena.Server.Humans;

/// <summary>
/// The study's protocol. <see cref="Seed"/>, <see cref="SplitHash"/> and the item ids are given to organizers, and
/// to everyone once the competition's deadline has passed: before it, knowing which test items humans label could
/// help a participant tune on them.
/// </summary>
public sealed record StudyView(
    string Competition, string Status, int ProtocolVersion, string Scoring, int SampleSize, int RequestedSampleSize, bool Provisional,
    int PracticeItems, int AnnotatorsPerItem, string Aggregation, int? SecondsPerItem, string Render, IReadOnlyList<string> Classes,
    int Annotators, int Answers, DateTime CreatedAt, DateTime? ClosedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Seed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SplitHash,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ItemIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? PracticeItemIds)
{
    /// <summary>The study's scoring rule, stated wherever its figures are.</summary>
    public const string ScoringRule =
        "accuracy on the class label, whatever the competition's metric: a person gives one label, not probabilities; a skip counts as wrong";

    public static StudyView Of(StudyContext context, StudyRecord record, DateTime now)
    {
        var study = context.Study;
        var details = context.SeesDetailsAt(now);
        var tests = record.TestItems.Select(i => i.ItemId).Order(StringComparer.Ordinal).ToList();
        return new StudyView(context.Competition.Slug, StatusOf(context, record, now), study.ProtocolVersion, ScoringRule, tests.Count,
            study.RequestedSampleSize, tests.Count < StratifiedSample.ProvisionalBelow, record.PracticeItems.Count(), study.AnnotatorsPerItem,
            StudySettings.Name(study.Aggregation), study.SecondsPerItem, study.Render, study.Classes, record.Annotators.Count, record.Answers.Count,
            study.CreatedAt, study.ClosedAt,
            details ? study.Seed : null, details ? study.SplitHash : null, details ? tests : null,
            details ? [.. record.PracticeItems.Select(i => i.ItemId).Order(StringComparer.Ordinal)] : null);
    }

    /// <summary><c>open</c>; <c>complete</c> when every test item has its answers; <c>closed</c> by an organizer or the deadline.</summary>
    public static string StatusOf(StudyContext context, StudyRecord record, DateTime now) =>
        context.IsClosedAt(now) ? "closed" : record.IsComplete ? "complete" : "open";
}

public sealed record IntervalView(double Low, double High, double Confidence);

/// <summary>One annotator's figures; <see cref="UserName"/> is for organizers only, everyone else sees the pseudonym.</summary>
public sealed record AnnotatorResult(
    string Annotator,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserName,
    string Expertise, bool SawTrainingData, int Assigned, int Answered, int Correct, double Accuracy, double Coverage,
    int PracticeAnswered, int PracticeCorrect, double? PracticeAccuracy);

/// <summary>One test item's figures; <see cref="GoldLabel"/> is for organizers only.</summary>
public sealed record ItemResult(
    string ItemId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GoldLabel,
    int Responses, int Correct, int Skipped,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? MajorityCorrect);

/// <summary>
/// The human baseline. Everyone who may see the competition gets the aggregate (score, interval, items, annotators,
/// aggregation, coverage); per-annotator and per-item figures and the other statistics only organizers, and
/// everyone after the deadline. Null figures (and absent fields) mean there is nothing to compute yet.
/// </summary>
public sealed record StudyResults(
    string Status, string Scoring, string Aggregation, bool Provisional, double? Score, IntervalView? Interval, int ItemCount, int SampleSize,
    int AnnotatorCount, double? Coverage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? SkipRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? FleissKappa,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MedianSecondsPerItem,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? OraclePanelScore,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AnnotatorResult>? Annotators,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ItemResult>? Items)
{
    /// <summary>
    /// The results as <paramref name="context"/>'s caller may see them: the one rule shared by <c>GET .../results</c>
    /// and the protocol card page, so the page can never show more than the API.
    /// </summary>
    public static StudyResults For(StudyContext context, StudyRecord record, DateTime now) =>
        Of(record, StudyView.StatusOf(context, record, now), HumanResultsApi.ClosedAt(context, now),
            details: context.SeesDetailsAt(now), names: context.IsOrganizer);

    /// <summary>
    /// <paramref name="details"/>: per-annotator and per-item figures (organizers, or anyone after the deadline);
    /// <paramref name="names"/>: user names and gold labels (organizers only).
    /// </summary>
    public static StudyResults Of(StudyRecord record, string status, DateTime? closedAt, bool details, bool names)
    {
        var study = record.Study;
        var sampleSize = record.TestItems.Count();
        var provisional = sampleSize < StratifiedSample.ProvisionalBelow;
        var aggregation = StudySettings.Name(study.Aggregation);
        var outcome = record.Compute(closedAt);
        if (outcome is null)
            return new StudyResults(status, StudyView.ScoringRule, aggregation, provisional, null, null, 0, sampleSize, 0, null,
                null, null, null, null, details ? [] : null, details ? [] : null);
        var result = outcome.Result;
        var interval = new IntervalView(result.Interval.Low, result.Interval.High, result.Interval.Confidence);
        return new StudyResults(status, StudyView.ScoringRule, aggregation, provisional, result.Score, interval, result.ItemCount, sampleSize,
            result.AnnotatorCount, result.Coverage,
            details ? result.SkipRate : null, details ? result.FleissKappa : null, details ? result.MedianSecondsPerItem : null,
            details ? result.OraclePanelScore : null,
            details ? AnnotatorResults(record, result, names) : null,
            details ? ItemResults(record, outcome, names) : null);
    }

    static List<AnnotatorResult> AnnotatorResults(StudyRecord record, HumanBaselineResult result, bool names)
    {
        var scores = result.Annotators.ToDictionary(a => StudyRecord.NumberOf(a.AnnotatorId));
        return [.. record.Annotators.Where(a => scores.ContainsKey(a.Annotator.Number)).Select(a =>
        {
            var score = scores[a.Annotator.Number];
            var practice = record.Practice(a.Annotator.Id);
            return new AnnotatorResult(StudyRecord.Pseudonym(a.Annotator.Number), names ? a.UserName ?? "" : null,
                a.Annotator.Expertise.ToString().ToLowerInvariant(), a.Annotator.SawTrainingData, score.Assigned, score.Answered, score.Correct,
                score.Accuracy, score.Coverage, practice.Answered, practice.Correct, StudyRecord.Accuracy(practice));
        })];
    }

    static List<ItemResult> ItemResults(StudyRecord record, StudyOutcome outcome, bool names)
    {
        var gold = outcome.Items.ToDictionary(i => i.ItemId, i => i.GoldLabel, StringComparer.Ordinal);
        return [.. outcome.ItemTallies(StudySettings.ToScoring(record.Study.Aggregation)).Select(t =>
            new ItemResult(t.ItemId, names ? gold[t.ItemId] : null, t.Responses, t.Correct, t.Skipped, t.MajorityCorrect))];
    }
}

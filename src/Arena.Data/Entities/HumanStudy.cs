namespace Arena.Data.Entities;

/// <summary>How several annotators become one human score; fixed when the study is set up (Arena.Scoring's HumanAggregation).</summary>
public enum StudyAggregation { MeanOfIndividuals, MajorityOfK, BestIndividual }

/// <summary>Test items are the study; practice items come from train.csv and are answered with feedback first.</summary>
public enum HumanItemKind { Test, Practice }

/// <summary>What an annotator says of themselves when joining.</summary>
public enum AnnotatorExpertise { Novice, Some, Expert }

/// <summary>
/// A human-baseline study of a competition: a seeded stratified sample of its test items that people label in the
/// browser, scored as accuracy on the class label. One per competition. Everything needed to recompute the result is
/// kept (items with their gold labels, annotators, who was served what and when, every answer); no figure is cached.
/// </summary>
public sealed class HumanStudy
{
    public const int CurrentProtocolVersion = 1;

    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public Competition? Competition { get; set; }

    /// <summary>The rules this record follows (sampling, assignment, scoring); 1 is the first.</summary>
    public int ProtocolVersion { get; set; } = CurrentProtocolVersion;
    public int Seed { get; set; }

    /// <summary>The sample size asked for; the sample holds fewer items when the solution has fewer.</summary>
    public int RequestedSampleSize { get; set; }

    /// <summary>SHA-256 of the sampled test ids (Arena.Scoring's StratifiedSample.SplitHash).</summary>
    public required string SplitHash { get; set; }
    public int AnnotatorsPerItem { get; set; } = 1;
    public StudyAggregation Aggregation { get; set; }
    public int? SecondsPerItem { get; set; }

    /// <summary><c>table</c>, <c>image:WxH</c> or <c>text:COLUMN</c>.</summary>
    public required string Render { get; set; }

    /// <summary>The labels an annotator chooses from: the distinct solution labels, sorted.</summary>
    public List<string> Classes { get; set; } = [];

    /// <summary>train.csv's label column, where practice items take their labels; null without train.csv.</summary>
    public string? TrainLabelColumn { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }

    /// <summary>When an organizer closed it; no answers are taken after.</summary>
    public DateTime? ClosedAt { get; set; }

    public List<HumanItem> Items { get; set; } = [];
}

/// <summary>One item of a study: a sampled test row, or a practice row of train.csv.</summary>
public sealed class HumanItem
{
    public int Id { get; set; }
    public int StudyId { get; set; }
    public HumanItemKind Kind { get; set; }

    /// <summary>The row's id in test.csv (or train.csv for practice).</summary>
    public required string ItemId { get; set; }

    /// <summary>The solution's label (train.csv's for practice). Never sent to annotators of test items while the competition is open.</summary>
    public required string GoldLabel { get; set; }

    /// <summary>The per-study seeded order in which items are handed out, from 0 within each kind.</summary>
    public int Order { get; set; }
}

/// <summary>A person taking part in a study, known to everyone but organizers as "Annotator {Number}".</summary>
public sealed class HumanAnnotator
{
    public int Id { get; set; }
    public int StudyId { get; set; }

    /// <summary>Null for an annotator imported from an export whose user does not exist here.</summary>
    public Guid? UserId { get; set; }
    public ArenaUser? User { get; set; }
    public int Number { get; set; }
    public AnnotatorExpertise Expertise { get; set; }
    public bool SawTrainingData { get; set; }
    public DateTime JoinedAt { get; set; }
}

/// <summary>
/// An item served to an annotator. A test item has <see cref="HumanStudy.AnnotatorsPerItem"/> slots, each held by one
/// assignment (a unique index keeps two annotators off one slot); an unanswered one older than the hand-over time
/// passes to the next annotator who asks. Practice items have no slot: everyone gets each of them.
/// </summary>
public sealed class HumanAssignment
{
    public int Id { get; set; }
    public int StudyId { get; set; }
    public int HumanItemId { get; set; }
    public HumanItem? Item { get; set; }
    public int AnnotatorId { get; set; }
    public int? Slot { get; set; }

    /// <summary>
    /// This annotator's order, from 1: their answer count plus one when served, so an item in hand holds the next
    /// position and the unique index stops two tabs from serving two items at once.
    /// </summary>
    public int Position { get; set; }
    public DateTime ServedAt { get; set; }
}

/// <summary>An annotator's answer to an assignment: a label, or a skip with its reason (a skip counts as wrong).</summary>
public sealed class HumanAnswer
{
    public int Id { get; set; }
    public int StudyId { get; set; }
    public int AssignmentId { get; set; }
    public int AnnotatorId { get; set; }
    public int HumanItemId { get; set; }
    public string? Label { get; set; }

    /// <summary><c>unsure</c>, <c>label-looks-wrong</c>, or <c>time-up</c> (a label that came after the time limit).</summary>
    public string? SkipReason { get; set; }

    /// <summary>The label given after the time limit, kept for the record but counted as a <c>time-up</c> skip.</summary>
    public string? LateLabel { get; set; }

    /// <summary>Served-at to answered-at, measured by the server.</summary>
    public long ServerMilliseconds { get; set; }

    /// <summary>What the page measured, as it reported it.</summary>
    public long ClientMilliseconds { get; set; }

    /// <summary>The position the page reported for the item (its own count), beside the server's <see cref="HumanAssignment.Position"/>.</summary>
    public int? ClientPosition { get; set; }
    public DateTime AnsweredAt { get; set; }
}

namespace Arena.Cli.Humans;

// The human-study API's answers, as far as the CLI reads them (src/Arena.Server/Humans/StudyViews.cs; the CLI does not
// reference the server). Seed, split hash and item ids come only to organizers, and to everyone after the deadline.

public sealed record StudyView(
    string Competition, string Status, int ProtocolVersion, string Scoring, int SampleSize, int RequestedSampleSize, bool Provisional,
    int PracticeItems, int AnnotatorsPerItem, string Aggregation, int? SecondsPerItem, string Render, IReadOnlyList<string> Classes,
    int Annotators, int Answers, DateTime CreatedAt, DateTime? ClosedAt, int? Seed, string? SplitHash, IReadOnlyList<string>? ItemIds);

public sealed record IntervalView(double Low, double High, double Confidence);

public sealed record AnnotatorResult(
    string Annotator, string? UserName, string Expertise, bool SawTrainingData, int Assigned, int Answered, int Correct, double Accuracy,
    double Coverage, int PracticeAnswered, int PracticeCorrect, double? PracticeAccuracy);

public sealed record StudyResults(
    string Status, string Scoring, string Aggregation, bool Provisional, double? Score, IntervalView? Interval, int ItemCount, int SampleSize,
    int AnnotatorCount, double? Coverage, double? SkipRate, double? FleissKappa, double? MedianSecondsPerItem, double? OraclePanelScore,
    IReadOnlyList<AnnotatorResult>? Annotators);

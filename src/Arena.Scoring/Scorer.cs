using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Scoring.Validation;

namespace Arena.Scoring;

/// <summary>A scored submission. <see cref="Private"/> is null when the solution has no Private rows.</summary>
public sealed record ScoreResult(string Metric, double? Public, double? Private, UsageCounts Rows, string ScorerVersion);

/// <summary>Either a score or the reasons the submission was rejected.</summary>
public sealed record ScoreOutcome(ScoreResult? Result, IReadOnlyList<ValidationError> Errors)
{
    public bool IsScored => Result is not null;
}

public static class Scorer
{
    /// <summary>Checks and scores a submission file against a parsed solution.</summary>
    public static ScoreOutcome Score(Solution solution, string submissionPath, long maxBytes = CsvSource.DefaultMaxBytes) =>
        Score(solution, SubmissionReader.Read(solution, submissionPath, maxBytes));

    public static ScoreOutcome Score(Solution solution, CsvInput submission) =>
        Score(solution, SubmissionReader.Read(solution, submission));

    static ScoreOutcome Score(Solution solution, SubmissionCheck check) =>
        check.Predictions is { } predictions ? new ScoreOutcome(Score(solution, predictions), []) : new ScoreOutcome(null, check.Errors);

    /// <summary>Public and Private are independent, so they are computed side by side.</summary>
    public static ScoreResult Score(Solution solution, Predictions predictions)
    {
        double? publicScore = null, privateScore = null;
        Parallel.Invoke(
            () => publicScore = ScoreRows(solution, predictions, solution.PublicRows),
            () => privateScore = ScoreRows(solution, predictions, solution.PrivateRows));
        return new ScoreResult(solution.Metric.Name, publicScore, privateScore, solution.Counts, ScorerInfo.Version);
    }

    static double? ScoreRows(Solution solution, Predictions predictions, int[] rows) =>
        rows.Length == 0 ? null : solution.Metric.Score(solution.Truth, predictions, rows, solution.Settings);
}

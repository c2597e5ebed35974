using Arena.Contracts;
using Arena.Scoring.Validation;

namespace Arena.Cli.Competitions;

// The server's answers, as far as the CLI reads them (src/Arena.Server's DTOs; the CLI does not reference the server).

public sealed record CompetitionSummary(string Slug, string Title, string Description, string Metric, bool HigherIsBetter, DateTime? Deadline, string State);

public sealed record CompetitionDetails(string Slug, string Metric, bool HigherIsBetter, DateTime? Deadline, string State, LeaderboardSummary Summary);

public sealed record CompetitionFile(string Name, long Size, DateTime CreationDate);

public sealed record SubmissionAccepted(Guid Id, string Status);

public sealed record SubmissionError(long? Line, string? Column, string? Id, string Code, string Message)
{
    /// <summary>"line 5, column 'target', id '7': …", exactly as <c>arena score</c> words it.</summary>
    public override string ToString() => new ValidationError(Code, Message, Line, Column, Id).ToString();
}

public sealed record SubmissionView(
    Guid Id, string Competition, string FileName, string Description, string Status, double? PublicScore, double? PrivateScore,
    IReadOnlyList<SubmissionError> Errors, DateTime SubmittedAt, DateTime? ScoredAt, bool IsLate, bool IsSelected, string? Sanction,
    string? SanctionReason)
{
    public bool IsFinished => Status is "scored" or "failed";
}

public sealed record ValidationReport(bool Valid, long ErrorCount, IReadOnlyList<SubmissionError> Errors);

public sealed record LimitLedger(int Used, int Remaining, int Limit, DateTime ResetsAt, bool FailedSubmissionsAreRefunded);

public sealed record Selection(Guid Id, bool IsSelected, int Selected, int MaxSelections);

public sealed record GroupCompetition(string Slug, string Title);

public sealed record GroupDetails(string Slug, string Name, IReadOnlyList<GroupCompetition> Competitions);

namespace Arena.Data.Entities;

public enum SubmissionStatus { Queued, Scoring, Scored, Failed }

public sealed class Submission
{
    public Guid Id { get; set; }
    public int CompetitionId { get; set; }
    public Competition? Competition { get; set; }
    public Guid UserId { get; set; }
    public ArenaUser? User { get; set; }
    public string Description { get; set; } = "";
    public required string FileName { get; set; }

    /// <summary>Relative to the data directory.</summary>
    public required string StoredPath { get; set; }
    public long SizeBytes { get; set; }
    public SubmissionStatus Status { get; set; }
    public DateTime SubmittedAt { get; set; }

    /// <summary>The UTC day whose quota this submission used; a failed submission gives it back.</summary>
    public DateOnly QuotaDay { get; set; }
    public bool IsLate { get; set; }
    public bool IsSelected { get; set; }

    /// <summary>When a worker claimed the submission; it identifies the claim, so a taken-over claim cannot save.</summary>
    public DateTime? ScoringStartedAt { get; set; }

    /// <summary>When the claiming job last said it is still at work; a claim not renewed for the lease is taken over.</summary>
    public DateTime? ScoringRenewedAt { get; set; }
    public int ScoringAttempts { get; set; }
    public DateTime? ScoredAt { get; set; }
    public double? PublicScore { get; set; }

    /// <summary>Hidden from participants until the private leaderboard is revealed.</summary>
    public double? PrivateScore { get; set; }
    public string? ScorerVersion { get; set; }

    /// <summary>The validation errors, as JSON, when the file was rejected.</summary>
    public string? Errors { get; set; }

    /// <summary>Set by an organizer: the submission no longer counts, and its owner sees why.</summary>
    public SanctionKind? Sanction { get; set; }
    public string? SanctionReason { get; set; }

    /// <summary>The rescore run that last scored it, so a rescore interrupted by a restart resumes where it stopped.</summary>
    public int? RescoreRunId { get; set; }
}

/// <summary>How many submissions a participant used on a competition on one UTC day, updated atomically.</summary>
public sealed class SubmissionQuota
{
    public int CompetitionId { get; set; }
    public Guid UserId { get; set; }
    public DateOnly Day { get; set; }
    public int Used { get; set; }

    /// <summary>Extra submissions an organizer granted for the day.</summary>
    public int Extra { get; set; }
}

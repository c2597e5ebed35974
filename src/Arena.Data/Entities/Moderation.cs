namespace Arena.Data.Entities;

/// <summary>What an organizer did to a submission or a participant. Both take it off the leaderboard; the reason is shown to the participant.</summary>
public enum SanctionKind { Hidden, Disqualified }

/// <summary>A participant taken off a competition's leaderboard, with the reason they can read.</summary>
public sealed class ParticipantSanction
{
    public int CompetitionId { get; set; }
    public Guid UserId { get; set; }
    public SanctionKind Kind { get; set; }
    public required string Reason { get; set; }
    public Guid ActorId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One organizer action, kept for the competition's or group's organizers to read.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public int? CompetitionId { get; set; }
    public int? GroupId { get; set; }
    public Guid? ActorId { get; set; }
    public required string Action { get; set; }

    /// <summary>What changed, as JSON; never hidden labels or private scores before the reveal.</summary>
    public string Details { get; set; } = "{}";
    public DateTime At { get; set; }
}

/// <summary>A background rescore of every scored submission and reference file of a competition.</summary>
public sealed class RescoreRun
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public Guid RequestedById { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }
    public int Changed { get; set; }

    /// <summary>The scorer version the run scores with.</summary>
    public string ScorerVersion { get; set; } = "";
}

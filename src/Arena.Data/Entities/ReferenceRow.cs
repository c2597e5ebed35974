namespace Arena.Data.Entities;

public enum ReferenceKind { Human, Benchmark, Paper }

/// <summary>A non-participant row (human baseline, benchmark model, published result) placed where its score ranks.</summary>
public sealed class ReferenceRow
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public ReferenceKind Kind { get; set; }
    public required string Name { get; set; }
    public string Source { get; set; } = "";

    /// <summary>A prediction file scored like a submission, relative to the competition's storage folder; null for a declared score.</summary>
    public string? File { get; set; }
    public double? PublicScore { get; set; }
    public double? PrivateScore { get; set; }
    public string? ScorerVersion { get; set; }

    /// <summary>For paper rows: participants within this distance of the score are marked as having replicated it.</summary>
    public double? Tolerance { get; set; }
    public DateTime CreatedAt { get; set; }
}

namespace Arena.Data.Entities;

public enum ReferenceKind { Human, Benchmark, Paper }

/// <summary>A row whose file is still being produced (the ML.NET baseline trains in the background) has no score yet.</summary>
public enum ReferenceStatus { Ready, Training, Failed }

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

    /// <summary>For human rows: how many people produced the labels or the declared score.</summary>
    public int? PeopleCount { get; set; }

    /// <summary>How the figure was measured (human rows), or why a background baseline failed.</summary>
    public string Note { get; set; } = "";
    public ReferenceStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
}

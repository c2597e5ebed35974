namespace Arena.Data.Entities;

/// <summary>
/// A study group's ordered list of papers to replicate ("replicate 20 papers"): each paper is one of the group's
/// competitions with the result the paper reports.
/// </summary>
public sealed class ReplicationTrack
{
    public int Id { get; set; }
    public int GroupId { get; set; }

    /// <summary>Unique within the group; the track's address is <c>/groups/{group}/tracks/{slug}</c>.</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public Guid? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<TrackPaper> Papers { get; set; } = [];
}

/// <summary>
/// One paper of a track: a competition of the track's group and the score the paper reports on it. A member has
/// replicated it when their score is within <see cref="Tolerance"/> of <see cref="ReportedScore"/>.
/// </summary>
public sealed class TrackPaper
{
    public int Id { get; set; }
    public int TrackId { get; set; }

    /// <summary>The paper's place in the track, from 0; the order in which members work through the papers.</summary>
    public int Position { get; set; }
    public int CompetitionId { get; set; }
    public Competition? Competition { get; set; }
    public required string Citation { get; set; }
    public string? Url { get; set; }

    /// <summary>In the competition metric's units.</summary>
    public double ReportedScore { get; set; }

    /// <summary>Absolute, in the metric's units: |score − reported| ≤ tolerance counts as replicated.</summary>
    public double Tolerance { get; set; }

    /// <summary>The competition's paper reference row for the same result, when the organizers keep one on the leaderboard.</summary>
    public int? ReferenceRowId { get; set; }
    public DateTime CreatedAt { get; set; }
}

namespace Arena.Server.Tracks;

/// <summary>A member's standing on a paper, as the API spells it.</summary>
public static class TrackStatus
{
    public const string Replicated = "replicated";
    public const string Provisional = "provisional";
    public const string Attempted = "attempted";
    public const string NotStarted = "not-started";

    /// <summary>
    /// |score − reported| ≤ tolerance: replicating means reaching the reported figure, not beating it, so a score far
    /// better than the paper's is not a replication (the leaderboard's "replicated" badge uses the same rule). The
    /// comparison allows for rounding: 1.0 − 0.95 is 0.05000000000000004 in binary floating point.
    /// </summary>
    public static bool Within(double score, double reported, double tolerance) =>
        Math.Abs(score - reported) <= tolerance + (1e-12 * Math.Max(1, Math.Abs(reported)));
}

namespace Arena.Scoring;

/// <summary>Identifies the scoring code that produced a result, so a stored score can be traced and rescored.</summary>
public static class ScorerInfo
{
    /// <summary>Bump the major or minor part whenever a metric's value or a validation rule changes.</summary>
    public const string Version = "1.0.0";
}

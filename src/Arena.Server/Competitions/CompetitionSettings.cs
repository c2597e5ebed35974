namespace Arena.Server.Competitions;

/// <summary>The rules for the display settings, shared by competition.yaml and the organizers' edit route.</summary>
public static class CompetitionSettings
{
    /// <summary>A problem with <c>scoreDecimals</c>, or null when it is fine.</summary>
    public static string? CheckDecimals(int? decimals) =>
        decimals is < 0 or > ScoreDisplay.MaxDecimals ? $"'scoreDecimals' must be 0 to {ScoreDisplay.MaxDecimals}." : null;

    /// <summary>A problem with <c>ladderStep</c>, or null when it is fine (null itself means off).</summary>
    public static string? CheckLadderStep(double? step) =>
        step is { } s && !(double.IsFinite(s) && s > 0) ? "'ladderStep' must be a positive number (leave it out, or set 0 in an edit, for no Ladder)." : null;
}

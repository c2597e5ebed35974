using Arena.Contracts;

namespace Arena.Server.Competitions;

/// <summary>
/// Scores as participants see them: rounded to the competition's <c>scoreDecimals</c>. Every digit past what tells
/// submissions apart helps a participant read the hidden labels through the scores (adaptive overfitting). Organizers'
/// own views (the leaderboard API, the CSV export) skip this and get every digit.
/// </summary>
public static class ScoreDisplay
{
    public const int DefaultDecimals = 5;
    public const int MaxDecimals = 15;

    public static double? Round(double? score, int decimals) => score is { } s ? Round(s, decimals) : null;

    public static double Round(double score, int decimals) =>
        double.IsFinite(score) ? Math.Round(score, Math.Clamp(decimals, 0, MaxDecimals), MidpointRounding.AwayFromZero) : score;

    /// <summary>
    /// Every row's score rounded. The human comparison's figures are left as they are: they are fractions k/n of a
    /// number of study items that the snapshot states, so rounding them would hide nothing.
    /// </summary>
    public static LeaderboardSnapshot Rounded(LeaderboardSnapshot snapshot, int decimals) =>
        snapshot with { Rows = [.. snapshot.Rows.Select(row => row with { Score = Round(row.Score, decimals) })] };
}

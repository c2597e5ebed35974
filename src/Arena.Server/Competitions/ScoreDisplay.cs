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

    /// <summary>Every score-like figure of a snapshot rounded; ranks, counts and p-values stay as they are.</summary>
    public static LeaderboardSnapshot Rounded(LeaderboardSnapshot snapshot, int decimals) => snapshot with
    {
        Rows = [.. snapshot.Rows.Select(row => row with
        {
            Score = Round(row.Score, decimals),
            Human = row.Human is { } human ? human with { Low = Round(human.Low, decimals), High = Round(human.High, decimals) } : null,
            OnHumanItems = row.OnHumanItems is { } items ? items with
            {
                ModelScore = Round(items.ModelScore, decimals), HumanScore = Round(items.HumanScore, decimals),
                Difference = Round(items.Difference, decimals), Low = Round(items.Low, decimals), High = Round(items.High, decimals),
            } : null,
        })],
        HumanItems = snapshot.HumanItems is { } set ? set with
        {
            HumanScore = Round(set.HumanScore, decimals), Low = Round(set.Low, decimals), High = Round(set.High, decimals),
        } : null,
    };
}

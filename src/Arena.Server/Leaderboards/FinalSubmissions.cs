namespace Arena.Server.Leaderboards;

/// <summary>
/// The private leaderboard's rule (Kaggle's), shared by the leaderboard and the replication tracks: a participant's
/// selected submissions, or without a selection their best N by public score (ties to the earlier one).
/// </summary>
public static class FinalSubmissions
{
    public static List<T> Of<T>(IEnumerable<T> scored, int finalSelections, bool higherIsBetter,
        Func<T, bool> isSelected, Func<T, double> publicScore, Func<T, DateTime> submittedAt)
    {
        var all = scored as IReadOnlyCollection<T> ?? [.. scored];
        var selected = all.Where(isSelected).ToList();
        return selected.Count > 0 ? selected
            : [.. all.OrderBy(s => higherIsBetter ? -publicScore(s) : publicScore(s)).ThenBy(submittedAt).Take(finalSelections)];
    }
}

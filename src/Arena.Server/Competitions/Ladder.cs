namespace Arena.Server.Competitions;

/// <summary>
/// Blum and Hardt's Ladder ("The Ladder: A Reliable Leaderboard for Machine Learning Competitions", ICML 2015): a
/// participant's released public score moves only when a new submission beats it by more than the step, and then to the
/// new score rounded to a multiple of the step. Small lucky gains and probes are not reported, so a participant learns
/// little about the hidden labels by submitting many small variations.
/// </summary>
public static class Ladder
{
    /// <summary>The released score after <paramref name="score"/>, given the one released before (null: none yet).</summary>
    public static double Next(double? released, double score, double step, bool higherIsBetter)
    {
        if (released is not { } before) return ToStep(score, step);
        var gain = higherIsBetter ? score - before : before - score;
        return gain > step ? ToStep(score, step) : before;
    }

    /// <summary>
    /// The released score after each of one participant's submissions, taken in the order they were submitted; the
    /// submissions that moved it are the ones <paramref name="moved"/> names.
    /// </summary>
    public static Dictionary<TKey, double> Walk<TKey>(IEnumerable<(TKey Key, DateTime SubmittedAt, double Score)> submissions, double step,
        bool higherIsBetter, HashSet<TKey>? moved = null) where TKey : notnull
    {
        var released = new Dictionary<TKey, double>();
        double? current = null;
        foreach (var (key, _, score) in submissions.OrderBy(s => s.SubmittedAt))
        {
            var next = Next(current, score, step, higherIsBetter);
            if (next != current) moved?.Add(key);
            released[key] = (current = next).Value;
        }
        return released;
    }

    /// <summary>The nearest multiple of the step; decimals past the step's own are noise from binary fractions.</summary>
    static double ToStep(double score, double step) =>
        double.IsFinite(score) ? Math.Round(Math.Round(score / step) * step, 12) : score;
}

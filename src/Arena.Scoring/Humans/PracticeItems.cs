namespace Arena.Scoring.Humans;

/// <summary>
/// Warm-up items shown before the study, with their answers, so annotators learn the task on training data. They are
/// never test items: a practice answer revealed on a test item would leak its gold label into the study.
/// </summary>
public static class PracticeItems
{
    public const int DefaultCount = 10;
    public const int MinimumCount = 10;
    public const int MaximumCount = 20;

    /// <summary>
    /// Draws <paramref name="count"/> ids from <paramref name="trainIds"/>, leaving out every id of
    /// <paramref name="testItemIds"/>; returned in ordinal order. Seeded, and independent of the input order.
    /// </summary>
    public static IReadOnlyList<string> Draw(IEnumerable<string> trainIds, IEnumerable<string> testItemIds, int seed, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(trainIds);
        ArgumentNullException.ThrowIfNull(testItemIds);
        if (count is < MinimumCount or > MaximumCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"practice needs between {MinimumCount} and {MaximumCount} items");
        var test = new HashSet<string>(testItemIds, StringComparer.Ordinal);
        var pool = trainIds.Where(id => !test.Contains(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var id in pool) StratifiedSample.CheckId(id, nameof(trainIds));
        if (pool.Length < count)
            throw new ArgumentException($"only {pool.Length} training ids remain outside the test sample; practice needs {count}", nameof(trainIds));
        new SplitMix64(seed).ShuffleFront(pool, count);
        return pool.Take(count).Order(StringComparer.Ordinal).ToArray();
    }
}

namespace Arena.Scoring.Humans;

/// <summary>
/// Fleiss' kappa (Fleiss, 1971): agreement among a fixed number of raters per item beyond what their overall label
/// frequencies would give by chance. 1 is full agreement, 0 chance level.
/// </summary>
public static class FleissKappa
{
    /// <summary>
    /// From a table of counts: <c>counts[i][j]</c> raters put item i in category j. Every item must be rated by the
    /// same number m ≥ 2 of raters (Fleiss' formula assumes it). NaN when every rating falls in one category: chance
    /// agreement is then 1 and kappa is 0/0.
    /// </summary>
    public static double Compute(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0) throw new ArgumentException("there are no items", nameof(counts));
        var categories = counts[0].Count;
        if (categories == 0) throw new ArgumentException("there are no categories", nameof(counts));
        var raters = -1L;
        var columns = new long[categories];
        long squares = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            var row = counts[i];
            if (row.Count != categories)
                throw new ArgumentException($"item {i} has {row.Count} categories, item 0 has {categories}", nameof(counts));
            long sum = 0;
            for (var j = 0; j < categories; j++)
            {
                if (row[j] < 0) throw new ArgumentException($"item {i} has a negative count", nameof(counts));
                sum += row[j];
                squares += (long)row[j] * row[j];
                columns[j] += row[j];
            }
            if (raters < 0) raters = sum;
            if (sum != raters)
                throw new ArgumentException($"Fleiss' kappa needs the same number of raters on every item: item 0 has {raters}, item {i} has {sum}", nameof(counts));
        }
        if (raters < 2) throw new ArgumentException($"Fleiss' kappa needs at least 2 raters per item, got {raters}", nameof(counts));

        // Integer sums, then one division each, so the value does not depend on the order of the items.
        var ratings = counts.Count * raters;
        var observed = (double)(squares - ratings) / (ratings * (raters - 1));
        long columnSquares = 0;
        foreach (var column in columns) columnSquares += column * column;
        var chance = columnSquares / ((double)ratings * ratings);
        return chance == 1 ? double.NaN : (observed - chance) / (1 - chance);
    }

    /// <summary>From each item's labels; the categories are the labels that occur.</summary>
    public static double FromLabels(IReadOnlyList<IReadOnlyList<string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var categories = labels.SelectMany(l => l).Distinct().Order(StringComparer.Ordinal)
            .Select((label, index) => (label, index)).ToDictionary(p => p.label, p => p.index, StringComparer.Ordinal);
        var counts = labels.Select(item =>
        {
            var row = new int[categories.Count];
            foreach (var label in item) row[categories[label]]++;
            return (IReadOnlyList<int>)row;
        }).ToArray();
        return Compute(counts);
    }
}

namespace Arena.BundleBuilder.Splitting;

/// <summary>The fixed-seed splits: rows renumbered at random, then train/test and Public/Private drawn per class.</summary>
public static class Splitter
{
    public const double TestFraction = 0.3;
    public const double PublicFraction = 0.3;

    /// <param name="rows">Source rows with their labels already mapped.</param>
    /// <param name="stratified">True to draw each class in proportion; false (regression) to draw from all rows at once.</param>
    /// <param name="seed">Fixes the ids and both draws.</param>
    public static Split Make(IReadOnlyList<(string[] Features, string Label)> rows, bool stratified, ulong seed)
    {
        var random = new SplitMix64(seed);

        // Fresh random ids: some sources (iris, wine) are sorted by class, so their row numbers would give the answer away.
        var order = Enumerable.Range(0, rows.Count).ToList();
        random.Shuffle(order);
        var renumbered = order.Select((source, index) => new LabeledRow(index + 1, rows[source].Features, rows[source].Label)).ToList();

        var test = Draw(renumbered, TestFraction, stratified, random);
        var publicIds = Draw(renumbered.Where(r => test.Contains(r.Id)).ToList(), PublicFraction, stratified, random);
        return new Split(
            [.. renumbered.Where(r => !test.Contains(r.Id))],
            [.. renumbered.Where(r => test.Contains(r.Id))],
            publicIds);
    }

    /// <summary>Picks round(fraction × n) ids from each class (or from all rows), classes taken in ordinal order so the draw is stable.</summary>
    static HashSet<int> Draw(List<LabeledRow> rows, double fraction, bool stratified, SplitMix64 random)
    {
        var picked = new HashSet<int>();
        var groups = rows.GroupBy(r => stratified ? r.Label : "").OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var ids = group.Select(r => r.Id).Order().ToList();
            random.Shuffle(ids);
            var count = (int)Math.Round(ids.Count * fraction, MidpointRounding.AwayFromZero);
            picked.UnionWith(ids.Take(count));
        }
        return picked;
    }
}

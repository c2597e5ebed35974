using Arena.Scoring.Metrics;

namespace Arena.Server.Drafts;

/// <summary>
/// Label leaks a participant could exploit without any model: test rows ordered by their hidden label, or a
/// column that is the label. Organizers own the labels, so naming the leaking column is fine; no label is quoted.
/// </summary>
internal static class LabelLeakChecks
{
    /// <summary>Below this many rows, or with a single label, an ordered or equal-looking column may well be chance.</summary>
    public const int MinRows = 10;

    /// <summary>An ordering judged a leak must be this unlikely to arise from a shuffle, so a fair shuffle is flagged at most once in a million.</summary>
    public const double MaxChance = 1e-6;

    /// <summary>
    /// Error when the labels, read in test.csv's row order, never decrease or never increase; for classification
    /// also when each class's rows are contiguous (sorted by class under some order of the classes). Judged only
    /// when a shuffled file would look that way with probability under <see cref="MaxChance"/>: with 9 negatives and
    /// one positive, a shuffle puts the positive at an end one time in five.
    /// </summary>
    public static CheckItem RowOrder(SolutionLabels labels, IReadOnlyList<int> order, Metric metric)
    {
        var classSizes = order.GroupBy(r => labels.Categories[r]).Select(g => g.Count()).ToList();
        var distinct = classSizes.Count;
        var classification = metric.Task is MetricTask.Binary or MetricTask.Multiclass;
        var chance = ChanceOfOrder(order.Count, classSizes, classification);
        var details = new Dictionary<string, object?> { ["rows"] = order.Count, ["distinctLabels"] = distinct, ["chanceUnderShuffle"] = chance };
        if (order.Count < MinRows || distinct < 2 || chance >= MaxChance)
            return CheckItem.Ok(CheckCodes.LabelLeak, $"test.csv row order: not judged ({order.Count} rows, {distinct} distinct label(s); a shuffle would look sorted with probability {chance:G2})", details);
        bool rising = true, falling = true;
        var changes = 0;
        for (var i = 1; i < order.Count; i++)
        {
            var step = labels.Compare(order[i - 1], order[i]);
            rising &= step <= 0;
            falling &= step >= 0;
            if (labels.Categories[order[i - 1]] != labels.Categories[order[i]]) changes++;
        }
        var grouped = classification && changes == distinct - 1;
        details["labelChanges"] = changes;
        if (rising || falling)
            return CheckItem.Error(CheckCodes.LabelLeak, $"test.csv rows are sorted by the hidden label ({(rising ? "ascending" : "descending")} over all {order.Count} rows); shuffle the rows", details);
        if (grouped)
            return CheckItem.Error(CheckCodes.LabelLeak, $"test.csv rows are grouped by the hidden label: each of the {distinct} classes occupies one contiguous block; shuffle the rows", details);
        return CheckItem.Ok(CheckCodes.LabelLeak, $"test.csv row order: not sorted or grouped by the label ({changes} label changes over {order.Count} rows)", details);
    }

    /// <summary>
    /// The probability that a uniform shuffle of the rows comes out sorted (2 orders of the values) or, for
    /// classification, grouped (k! orders of the classes): orders × Π(nᵢ!) / n!, computed in logs.
    /// </summary>
    static double ChanceOfOrder(int rows, IReadOnlyList<int> classSizes, bool classification)
    {
        var k = classSizes.Count;
        if (k < 2) return 1;
        var orders = classification ? LogFactorial(k) : Math.Log(2);
        return Math.Min(1, Math.Exp(orders + classSizes.Sum(LogFactorial) - LogFactorial(rows)));
    }

    static double LogFactorial(int n)
    {
        var sum = 0.0;
        for (var i = 2; i <= n; i++) sum += Math.Log(i);
        return sum;
    }

    /// <summary>Error naming every column whose value equals the label on every row.</summary>
    public static CheckItem IdenticalColumns(string file, IReadOnlyList<string> columns, int rows, int distinctLabels)
    {
        var details = new Dictionary<string, object?> { ["file"] = file, ["rows"] = rows, ["columns"] = columns.ToList() };
        if (rows < MinRows || distinctLabels < 2)
            return CheckItem.Ok(CheckCodes.LabelLeak, $"{file} columns: not judged ({rows} rows, {distinctLabels} distinct label(s); needs {MinRows} rows and 2 labels)", details);
        return columns.Count == 0
            ? CheckItem.Ok(CheckCodes.LabelLeak, $"{file} columns: none equals the label", details)
            : CheckItem.Error(CheckCodes.LabelLeak,
                $"{file}: column(s) {string.Join(", ", columns.Select(c => $"'{c}'"))} equal the label on all {rows} rows; drop them", details);
    }

    /// <summary>The test.csv checks: row order, then columns equal to the label.</summary>
    public static IEnumerable<CheckItem> ForTest(SolutionLabels labels, TestFileScan scan, Metric metric)
    {
        yield return RowOrder(labels, scan.SolutionRowsInOrder, metric);
        var distinct = scan.SolutionRowsInOrder.Select(r => labels.Categories[r]).Distinct().Count();
        yield return IdenticalColumns("test.csv", scan.IdenticalColumns, scan.SolutionRowsInOrder.Count, distinct);
    }
}

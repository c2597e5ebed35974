using Arena.Scoring.Reading;

namespace Arena.Server.Drafts;

/// <summary>
/// train.csv's own label against its features: a feature equal to the label there will equal it in the test set
/// too. The label columns are those of train.csv that test.csv lacks (Kaggle's layout: train = test + target), or
/// the solution's target columns when there is no test.csv.
/// </summary>
internal static class TrainLeakScan
{
    public static CheckItem Run(string path, Solution solution, string[]? testHeader, CancellationToken cancellation)
    {
        using var csv = PublicCsv.Open(path);
        var header = csv.Header;
        var idColumn = solution.IdColumn;
        var labelColumns = testHeader is null
            ? header.Where(solution.TargetColumns.Contains).ToArray()
            : header.Where(h => h != idColumn && !testHeader.Contains(h)).ToArray();
        var oneHot = labelColumns.Length > 1 && labelColumns.Order(StringComparer.Ordinal).SequenceEqual(solution.TargetColumns.Order(StringComparer.Ordinal));
        if (labelColumns.Length != 1 && !oneHot)
        {
            return CheckItem.Warning(CheckCodes.LabelLeak,
                $"train.csv columns: skipped, cannot tell the label column (candidates: {(labelColumns.Length == 0 ? "none" : string.Join(", ", labelColumns))})",
                new Dictionary<string, object?> { ["file"] = "train.csv", ["candidates"] = labelColumns });
        }
        var labelPositions = labelColumns.Select(csv.IndexOf).ToArray();
        var classNumbers = labelColumns.Select(c => (double)solution.TargetColumns.ToList().IndexOf(c)).ToArray();
        var alive = Enumerable.Range(0, header.Length)
            .Where(c => header[c] != idColumn && !labelColumns.Contains(header[c]) && (testHeader is null || testHeader.Contains(header[c])))
            .ToList();
        var rows = 0;
        (string Text, double Number)? first = null;
        var labelsDiffer = false;
        csv.ForEachRow((_, row) =>
        {
            var (text, number) = oneHot ? ArgMax(row, labelPositions, labelColumns, classNumbers) : Label(row.Text(labelPositions[0]));
            rows++;
            first ??= (text, number);
            labelsDiffer |= !PublicCsv.Same(text, first.Value.Text, first.Value.Number);
            for (var i = alive.Count - 1; i >= 0; i--)
            {
                if (!PublicCsv.Same(row.Text(alive[i]), text, number)) alive.RemoveAt(i);
            }
        }, cancellation);
        var identical = rows == 0 ? [] : alive.Select(c => header[c]).ToList();
        return LabelLeakChecks.IdenticalColumns("train.csv", identical, rows, labelsDiffer ? 2 : rows == 0 ? 0 : 1);
    }

    static (string Text, double Number) Label(string text) => (text, PublicCsv.TryNumber(text, out var n) ? n : double.NaN);

    /// <summary>A one-hot row's class: its column name, and its position in the solution's column order as number.</summary>
    static (string Text, double Number) ArgMax(PublicCsv.Row row, int[] positions, string[] names, double[] classNumbers)
    {
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < positions.Length; i++)
        {
            if (PublicCsv.TryNumber(row.Text(positions[i]), out var value) && value > bestValue) (best, bestValue) = (i, value);
        }
        return (names[best], classNumbers[best]);
    }
}

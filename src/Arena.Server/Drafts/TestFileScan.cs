namespace Arena.Server.Drafts;

/// <summary>
/// One pass over test.csv that feeds three checks: its ids (against the solution's), the solution rows in the
/// file's row order (row-order leak), and the feature columns that equal the label on every row read so far.
/// </summary>
internal sealed class TestFileScan
{
    TestFileScan(string[] header, IdTally ids, List<int> order, List<string> identical) =>
        (Header, Ids, SolutionRowsInOrder, IdenticalColumns) = (header, ids, order, identical);

    public string[] Header { get; }
    public IdTally Ids { get; }

    /// <summary>The solution row of each test row whose id the solution has, in test.csv's order.</summary>
    public List<int> SolutionRowsInOrder { get; }

    /// <summary>Columns other than the id whose value equals the solution's label on every joined row.</summary>
    public List<string> IdenticalColumns { get; }

    /// <summary>Returns null when the file has no id column (<paramref name="problem"/> says so).</summary>
    public static TestFileScan? Run(PublicCsv csv, string idColumn, SolutionLabels labels, CancellationToken cancellation, out string? problem)
    {
        var idPosition = csv.IndexOf(idColumn);
        problem = idPosition < 0 ? $"the header has no id column '{idColumn}'" : null;
        if (idPosition < 0) return null;
        var ids = new IdTally(labels);
        var order = new List<int>();
        // Columns still equal to the label; most features drop out on the first rows, so the pass stays linear.
        var alive = Enumerable.Range(0, csv.Header.Length).Where(c => c != idPosition).ToList();
        csv.ForEachRow((_, row) =>
        {
            var solutionRow = ids.Add(row.Text(idPosition));
            if (solutionRow < 0) return;
            order.Add(solutionRow);
            for (var i = alive.Count - 1; i >= 0; i--)
            {
                if (!PublicCsv.Same(row.Text(alive[i]), labels.Texts[solutionRow], labels.Numbers[solutionRow])) alive.RemoveAt(i);
            }
        }, cancellation);
        var identical = order.Count == 0 ? [] : alive.Select(c => csv.Header[c]).ToList();
        return new TestFileScan(csv.Header, ids, order, identical);
    }
}

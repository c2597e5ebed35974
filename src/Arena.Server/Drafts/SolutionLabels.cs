using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;

namespace Arena.Server.Drafts;

/// <summary>
/// The solution's ids and one label per row, read from the file as text, for the checks that join public files to
/// the solution by id. A one-hot (class-column) row's label is its class: the column's name as text and its
/// position as number, so a feature holding "digit_3" or 3 both match class digit_3. Ranking solutions keep
/// their raw text, which serves the id checks; the leak checks skip them (<see cref="Applies"/>).
/// </summary>
internal sealed class SolutionLabels
{
    readonly Dictionary<string, int> _rowOf;

    SolutionLabels(List<string> ids, List<string> texts, List<double> numbers)
    {
        Ids = [.. ids];
        Texts = [.. texts];
        Numbers = [.. numbers];
        _rowOf = new Dictionary<string, int>(Ids.Length, StringComparer.Ordinal);
        for (var row = 0; row < Ids.Length; row++) _rowOf.TryAdd(Ids[row], row);
        AllNumeric = Numbers.All(n => !double.IsNaN(n));
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        Categories = new int[Ids.Length];
        for (var row = 0; row < Ids.Length; row++)
        {
            // Numeric labels group by value, so that "1" and "1.0" are one class, as the scorer reads them.
            var key = AllNumeric ? Numbers[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture) : Texts[row];
            if (!categories.TryGetValue(key, out var category)) categories.Add(key, category = categories.Count);
            Categories[row] = category;
        }
    }

    public string[] Ids { get; }
    public string[] Texts { get; }

    /// <summary>The label as a number, NaN when it is not one.</summary>
    public double[] Numbers { get; }

    /// <summary>Each row's class, numbered in order of first appearance.</summary>
    public int[] Categories { get; }

    public bool AllNumeric { get; }
    public int Count => Ids.Length;

    /// <summary>The solution row of an id, or -1.</summary>
    public int RowOf(string id) => _rowOf.TryGetValue(id, out var row) ? row : -1;

    /// <summary>Numbers compare as numbers, other labels ordinally, as the brief of the row-order check asks.</summary>
    public int Compare(int a, int b) => AllNumeric ? Numbers[a].CompareTo(Numbers[b]) : string.CompareOrdinal(Texts[a], Texts[b]);

    /// <summary>True when the metric has one label per row; ranking solutions list items, which no feature can equal.</summary>
    public static bool Applies(Metric metric) => metric.TruthShape is ValueShape.Number or ValueShape.Label or ValueShape.ClassColumns;

    /// <summary>Reads an already validated solution; ids keep the file's order. Throws <see cref="FileRejectedException"/> only if the file changed.</summary>
    public static SolutionLabels Read(string path, Solution solution, CancellationToken cancellation)
    {
        using var csv = PublicCsv.Open(path);
        var idPosition = csv.IndexOf(solution.IdColumn);
        var targets = solution.TargetColumns.Select(csv.IndexOf).ToArray();
        var oneHot = solution.Metric.TruthShape == ValueShape.ClassColumns;
        List<string> ids = [], texts = [];
        List<double> numbers = [];
        csv.ForEachRow((_, row) =>
        {
            ids.Add(row.Text(idPosition));
            if (oneHot)
            {
                var best = ArgMax(row, targets);
                texts.Add(solution.TargetColumns[best]);
                numbers.Add(best);
                return;
            }
            var text = row.Text(targets[0]);
            texts.Add(text);
            numbers.Add(PublicCsv.TryNumber(text, out var number) ? number : double.NaN);
        }, cancellation);
        return new SolutionLabels(ids, texts, numbers);
    }

    static int ArgMax(PublicCsv.Row row, int[] targets)
    {
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < targets.Length; i++)
        {
            if (PublicCsv.TryNumber(row.Text(targets[i]), out var value) && value > bestValue) (best, bestValue) = (i, value);
        }
        return best;
    }
}

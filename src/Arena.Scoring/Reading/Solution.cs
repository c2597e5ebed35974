using Arena.Scoring.Metrics;

namespace Arena.Scoring.Reading;

/// <summary>
/// A competition's hidden labels, parsed once and indexed by id, so that many submissions can be scored against it.
/// </summary>
public sealed class Solution
{
    internal Solution(MetricSettings settings, string idColumn, string[] targetColumns, IdIndex ids, Usage[] usage, Truth truth)
    {
        Settings = settings;
        IdColumn = idColumn;
        TargetColumns = targetColumns;
        Ids = ids;
        Truth = truth;
        PublicRows = RowsWith(usage, Usage.Public);
        PrivateRows = RowsWith(usage, Usage.Private);
        Counts = new UsageCounts(PublicRows.Length, PrivateRows.Length, usage.Length - PublicRows.Length - PrivateRows.Length);
        PredictionShape = settings.Metric.PredictionShape(truth);
    }

    public MetricSettings Settings { get; }
    public Metric Metric => Settings.Metric;
    public string IdColumn { get; }

    /// <summary>The target columns in solution order; a submission has these plus the id column.</summary>
    public IReadOnlyList<string> TargetColumns { get; }

    /// <summary>The header a submission must have: the solution's header without Usage.</summary>
    public IReadOnlyList<string> SubmissionColumns => [IdColumn, .. TargetColumns];

    public UsageCounts Counts { get; }
    public int RowCount => Ids.Count;

    internal IdIndex Ids { get; }
    internal Truth Truth { get; }
    internal int[] PublicRows { get; }
    internal int[] PrivateRows { get; }
    internal ValueShape PredictionShape { get; }

    public static Solution Load(string path, MetricSettings settings, string? idColumn = null, long maxBytes = CsvSource.DefaultMaxBytes) =>
        Load(CsvInput.FromFile(path, maxBytes), settings, idColumn);

    /// <summary>Parses and checks a solution; throws <see cref="SolutionException"/> listing what is wrong.</summary>
    public static Solution Load(CsvInput input, MetricSettings settings, string? idColumn = null)
    {
        try
        {
            return SolutionReader.Read(input, settings, idColumn);
        }
        catch (Exception e) when (FileRejectedException.Find(e) is { } rejected)
        {
            throw new SolutionException(rejected.Error);
        }
    }

    static int[] RowsWith(Usage[] usage, Usage wanted)
    {
        var rows = new int[usage.AsSpan().Count(wanted)];
        var next = 0;
        for (var i = 0; i < usage.Length; i++) if (usage[i] == wanted) rows[next++] = i;
        return rows;
    }
}

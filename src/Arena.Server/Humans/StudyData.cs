using System.Globalization;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Server.Drafts;

namespace Arena.Server.Humans;

/// <summary>Local copies of the files a study is drawn from; <see cref="TrainPath"/> is null without a train.csv.</summary>
public sealed record StudyFiles(Solution Solution, string SolutionPath, string TestPath, string? TrainPath);

/// <summary>
/// What a study needs from a competition's files, as class labels: every scored solution row's label (Ignored rows
/// left out), test.csv's feature columns, and train.csv's labelled rows for practice. A human answers with a class,
/// so a one-hot solution row's label is its class column (without train.csv's "label_" prefix, as the digits bundle's
/// <c>digit_3</c> is class <c>3</c>), and labels that are all numbers are written as numbers ("1.0" is "1").
/// </summary>
public sealed class StudyData
{
    public required IReadOnlyDictionary<string, string> TestLabels { get; init; }
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>test.csv's columns besides the id, in file order: what an annotator sees.</summary>
    public required IReadOnlyList<string> FeatureColumns { get; init; }
    public required string? TrainLabelColumn { get; init; }

    /// <summary>train.csv's rows whose label is one of <see cref="Classes"/>, by id.</summary>
    public required IReadOnlyDictionary<string, string> TrainLabels { get; init; }

    /// <summary>Why practice is impossible (no train.csv, no single label column), or null.</summary>
    public required string? NoPracticeReason { get; init; }

    /// <summary>Throws <see cref="StudyProblem"/> (409) for a metric that does not score class labels, or a file that cannot be read.</summary>
    public static StudyData Read(StudyFiles files, CancellationToken cancellation)
    {
        try
        {
            return ReadFiles(files, cancellation);
        }
        catch (Exception e) when (FileRejectedException.Find(e) is { } rejected)
        {
            throw new StudyProblem("files", $"a competition file cannot be read: {rejected.Message}", StatusCodes.Status409Conflict);
        }
    }

    static StudyData ReadFiles(StudyFiles files, CancellationToken cancellation)
    {
        var solution = files.Solution;
        if (solution.Metric.Task is not (MetricTask.Binary or MetricTask.Multiclass))
            throw new StudyProblem("metric",
                $"a human study scores accuracy on the class label, so it needs a classification competition; {solution.Metric.Name} is a {solution.Metric.Task.ToString().ToLowerInvariant()} metric.",
                StatusCodes.Status409Conflict);

        string[] testHeader;
        var testIds = new HashSet<string>(StringComparer.Ordinal);
        using (var test = PublicCsv.Open(files.TestPath))
        {
            testHeader = test.Header;
            var id = test.IndexOf(solution.IdColumn);
            if (id < 0) throw new StudyProblem("test.csv", $"test.csv has no id column '{solution.IdColumn}'.", StatusCodes.Status409Conflict);
            test.ForEachRow((_, row) => testIds.Add(row.Text(id)), cancellation);
        }
        var features = testHeader.Where(c => c != solution.IdColumn).ToArray();
        var (trainLabel, trainRows, noPractice) = ReadTrain(files.TrainPath, solution.IdColumn, testHeader, cancellation);

        var oneHot = solution.Metric.TruthShape == ValueShape.ClassColumns;
        var prefix = oneHot && trainLabel is not null && solution.TargetColumns.All(c => c.StartsWith(trainLabel + "_", StringComparison.Ordinal))
            ? trainLabel.Length + 1 : 0;
        var raw = ReadSolution(files.SolutionPath, solution, prefix, cancellation);
        var numeric = raw.Values.All(l => PublicCsv.TryNumber(l, out _));
        var labels = raw.Where(p => testIds.Contains(p.Key)).ToDictionary(p => p.Key, p => numeric ? Canonical(p.Value) : p.Value, StringComparer.Ordinal);
        var classes = labels.Values.Distinct(StringComparer.Ordinal).ToList();
        classes.Sort(numeric ? (a, b) => Number(a).CompareTo(Number(b)) : string.CompareOrdinal);

        var known = new HashSet<string>(classes, StringComparer.Ordinal);
        var train = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, text) in trainRows)
        {
            var label = numeric ? (PublicCsv.TryNumber(text, out _) ? Canonical(text) : "") : text;
            if (known.Contains(label)) train.TryAdd(id, label);
        }
        return new StudyData
        {
            TestLabels = labels, Classes = classes, FeatureColumns = features, TrainLabelColumn = trainLabel,
            TrainLabels = train, NoPracticeReason = noPractice,
        };
    }

    /// <summary>The label column is the one train.csv column that test.csv lacks, as for the ML.NET baseline.</summary>
    static (string? Label, List<(string Id, string Text)> Rows, string? NoPractice) ReadTrain(string? path, string idColumn, string[] testHeader,
        CancellationToken cancellation)
    {
        if (path is null) return (null, [], "the competition has no train.csv to practise on");
        using var train = PublicCsv.Open(path);
        var id = train.IndexOf(idColumn);
        var extra = train.Header.Where(c => c != idColumn && !testHeader.Contains(c, StringComparer.Ordinal)).ToArray();
        if (id < 0) return (null, [], $"train.csv has no id column '{idColumn}'");
        if (extra.Length != 1)
            return (null, [], $"train.csv has {extra.Length} columns that test.csv lacks ({string.Join(", ", extra)}); practice needs exactly one label column");
        var label = train.IndexOf(extra[0]);
        var rows = new List<(string, string)>();
        train.ForEachRow((_, row) => rows.Add((row.Text(id), row.Text(label))), cancellation);
        return (extra[0], rows, null);
    }

    static Dictionary<string, string> ReadSolution(string path, Solution solution, int prefix, CancellationToken cancellation)
    {
        using var csv = PublicCsv.Open(path);
        var id = csv.IndexOf(solution.IdColumn);
        var usage = Array.FindIndex(csv.Header, h => string.Equals(h, "Usage", StringComparison.OrdinalIgnoreCase));
        if (usage == id) usage = -1;
        var targets = solution.TargetColumns.Select(csv.IndexOf).ToArray();
        var oneHot = solution.Metric.TruthShape == ValueShape.ClassColumns;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        csv.ForEachRow((_, row) =>
        {
            if (usage >= 0 && string.Equals(row.Text(usage), "Ignored", StringComparison.OrdinalIgnoreCase)) return;
            var label = oneHot ? solution.TargetColumns[ArgMax(row, targets)][prefix..] : row.Text(targets[0]);
            labels.TryAdd(row.Text(id), label);
        }, cancellation);
        return labels;
    }

    static int ArgMax(PublicCsv.Row row, int[] targets)
    {
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < targets.Length; i++)
            if (PublicCsv.TryNumber(row.Text(targets[i]), out var value) && value > bestValue) (best, bestValue) = (i, value);
        return best;
    }

    static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    static string Canonical(string text) => Number(text).ToString("R", CultureInfo.InvariantCulture);
}

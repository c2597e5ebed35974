using System.Globalization;
using Arena.BundleBuilder.Building;
using Arena.BundleBuilder.Specs;

namespace Arena.BundleBuilder.Writing;

/// <summary>The public data files, the hidden solution, and submissions (sample and benchmarks) of one bundle.</summary>
public static class DataFiles
{
    public const string Train = "data/train.csv";
    public const string Test = "data/test.csv";
    public const string SampleSubmission = "data/sample_submission.csv";
    public const string Solution = "solution.csv";

    public static void WriteAll(BundleData data, string folder)
    {
        using (var train = new CsvWriter(Path.Combine(folder, Train), ["id", .. data.FeatureNames, data.Spec.TargetColumn]))
            foreach (var row in data.Split.Train) train.WriteRow([Id(row.Id), .. row.Features, row.Label]);

        using (var test = new CsvWriter(Path.Combine(folder, Test), ["id", .. data.FeatureNames]))
            foreach (var row in data.Split.Test) test.WriteRow([Id(row.Id), .. row.Features]);

        using (var solution = new CsvWriter(Path.Combine(folder, Solution), ["id", .. data.TargetColumns, "Usage"]))
            foreach (var row in data.Split.Test) solution.WriteRow([Id(row.Id), .. data.SolutionCells(row.Label), data.Split.UsageOf(row.Id)]);

        var sample = SampleCells(data);
        WriteSubmission(data, Path.Combine(folder, SampleSubmission), data.Split.Test.Select(_ => sample).ToList());
    }

    /// <summary>A submission: exactly the solution's header without Usage, one row per test id in test.csv's order.</summary>
    public static void WriteSubmission(BundleData data, string path, IReadOnlyList<string[]> cells)
    {
        if (cells.Count != data.Split.Test.Count)
            throw new InvalidOperationException($"{cells.Count} predictions for {data.Split.Test.Count} test rows");
        using var writer = new CsvWriter(path, ["id", .. data.TargetColumns]);
        for (var i = 0; i < cells.Count; i++) writer.WriteRow([Id(data.Split.Test[i].Id), .. cells[i]]);
    }

    /// <summary>The trivial valid answer: 0.5, the most frequent training label, the training mean, or a uniform row.</summary>
    static string[] SampleCells(BundleData data) => data.Spec.Task switch
    {
        TaskKind.Binary => ["0.5"],
        TaskKind.Label => [MostFrequentLabel(data)],
        TaskKind.Regression => [data.Split.Train.Average(r => double.Parse(r.Label, CultureInfo.InvariantCulture)).ToString("R", CultureInfo.InvariantCulture)],
        TaskKind.ClassProbabilities => [.. data.Classes.Select(_ => (1.0 / data.Classes.Count).ToString("R", CultureInfo.InvariantCulture))],
        _ => throw new ArgumentOutOfRangeException(nameof(data), data.Spec.Task, "unknown task"),
    };

    /// <summary>Ties (iris has three equal classes) go to the ordinally first label, so the choice is stable.</summary>
    static string MostFrequentLabel(BundleData data) => data.Split.Train
        .GroupBy(r => r.Label)
        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .First().Key;

    static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

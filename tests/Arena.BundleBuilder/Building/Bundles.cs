using Arena.BundleBuilder.Data;
using Arena.BundleBuilder.Specs;
using Arena.BundleBuilder.Splitting;
using Arena.BundleBuilder.Writing;

namespace Arena.BundleBuilder.Building;

/// <summary>Builds one bundle folder from its spec: read, split, write the files, train and write the benchmarks.</summary>
public static class Bundles
{
    public static BundleData Build(BundleSpec spec, string datasetsFolder, string outputFolder)
    {
        var dataset = DatasetReader.Read(Path.Combine(datasetsFolder, spec.DatasetFile), spec.SourceLabelColumn);
        var labelOf = LabelMapping(spec, dataset);
        var rows = dataset.Rows.Select(r => (r.Features, labelOf(r.Label))).ToList();
        var data = new BundleData(spec, dataset.FeatureNames, Splitter.Make(rows, spec.IsClassification, spec.Seed));

        var folder = Path.Combine(outputFolder, spec.Slug);
        Clear(folder);
        DataFiles.WriteAll(data, folder);
        foreach (var benchmark in spec.Benchmarks)
            DataFiles.WriteSubmission(data, Path.Combine(folder, CompetitionYaml.BenchmarkPath(benchmark)), benchmark.Predict(data));

        TextFiles.Write(Path.Combine(folder, CompetitionYaml.FileName), CompetitionYaml.Render(data));
        var sampleLines = File.ReadLines(Path.Combine(folder, DataFiles.SampleSubmission)).Take(3).ToList();
        TextFiles.Write(Path.Combine(folder, Overview.FileName), Overview.Render(data, sampleLines));
        return data;
    }

    /// <summary>Binary sources name their classes; the bundle says 1 for the positive class and 0 for the other.</summary>
    static Func<string, string> LabelMapping(BundleSpec spec, Dataset dataset)
    {
        if (spec.Task != TaskKind.Binary) return label => label;
        var labels = dataset.Rows.Select(r => r.Label).Distinct().ToList();
        if (labels.Count != 2 || !labels.Contains(spec.PositiveClass!))
            throw new InvalidDataException($"{spec.DatasetFile}: expected two labels including '{spec.PositiveClass}', got {string.Join(", ", labels)}");
        return label => label == spec.PositiveClass ? "1" : "0";
    }

    /// <summary>Starts from an empty folder so a dropped benchmark leaves no stale file; refuses to wipe anything that is not a bundle.</summary>
    static void Clear(string folder)
    {
        if (!Directory.Exists(folder)) return;
        if (!File.Exists(Path.Combine(folder, CompetitionYaml.FileName)) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new IOException($"{folder} exists and holds no {CompetitionYaml.FileName}; not deleting it");
        Directory.Delete(folder, recursive: true);
    }
}

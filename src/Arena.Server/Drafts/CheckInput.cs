using Arena.Scoring.Metrics;
using Arena.Server.Bundles;

namespace Arena.Server.Drafts;

/// <summary>
/// What the pre-publish checks read. Paths are absolute or relative to the working folder; a null public file is
/// reported as missing. <see cref="IdColumn"/> null lets the solution reader choose, as at import.
/// </summary>
public sealed record CheckInput(string SolutionPath, MetricSettings Metric, string? IdColumn,
    string? TrainCsv, string? TestCsv, string? SampleSubmissionCsv, IReadOnlyList<(string Name, string Path)> BenchmarkFiles)
{
    /// <summary>
    /// Reads a bundle folder (competitions/README.md): the public files are found among <c>files</c> by Kaggle's
    /// names (train.csv, test.csv, sample_submission.csv, also compressed), benchmarks are the reference rows with a
    /// file. Throws <see cref="BundleException"/> for a bad manifest or metric.
    /// </summary>
    public static CheckInput FromBundle(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var manifest = BundleManifest.Parse(File.ReadAllText(Path.Combine(folder, "competition.yaml")), name);
        var settings = BundleImporter.ResolveMetric(manifest, name);
        string? Public(string stem) => manifest.Files
            .Where(f => Path.GetFileName(f).StartsWith(stem + ".", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.Combine(folder, f))
            .FirstOrDefault(File.Exists);
        var benchmarks = manifest.ReferenceRows
            .Where(r => r.File is not null)
            .Select(r => (r.Name, Path.Combine(folder, r.File!)))
            .ToList();
        return new CheckInput(Path.Combine(folder, manifest.Solution), settings, manifest.IdColumn,
            Public("train"), Public("test"), Public("sample_submission"), benchmarks);
    }
}

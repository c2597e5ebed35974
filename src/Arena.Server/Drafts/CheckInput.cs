using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Server.Bundles;
using Arena.Server.Configuration;

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
        var settings = BundleContent.ResolveMetric(manifest, name);
        var benchmarks = manifest.ReferenceRows
            .Where(r => r.File is not null)
            .Select(r => (r.Name, Path.Combine(folder, r.File!)))
            .ToList();
        return Create(Path.Combine(folder, manifest.Solution), settings, manifest.IdColumn,
            manifest.Files.Select(f => Path.Combine(folder, f)), benchmarks);
    }

    /// <summary>
    /// Reads a stored competition as the importer left it: the solution in its storage folder's <c>private/</c>, its
    /// registered public files, and the reference rows with a file as benchmarks. <see cref="Competition.Files"/>
    /// and <see cref="Competition.References"/> must be loaded. Throws <see cref="BundleException"/> for a metric the
    /// catalog no longer knows.
    /// </summary>
    public static CheckInput FromCompetition(Competition competition, DataPaths paths)
    {
        ArgumentNullException.ThrowIfNull(competition);
        ArgumentNullException.ThrowIfNull(paths);
        if (!MetricCatalog.TryFind(competition.Metric, out var metric, out var implied))
            throw new BundleException($"{competition.Slug}: unknown metric '{competition.Metric}'");
        var settings = MetricSettings.Create(metric, new Dictionary<string, string>(implied.Concat(competition.MetricParameters)));
        string Stored(string relative) => paths.Resolve(Path.Combine(competition.StorageFolder, relative));
        var benchmarks = competition.References
            .Where(r => r.File is not null)
            .OrderBy(r => r.Id)
            .Select(r => (r.Name, Stored(r.File!)))
            .ToList();
        return Create(Stored(Path.Combine("private", Path.GetFileName(competition.SolutionFile))), settings, competition.IdColumn,
            competition.Files.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => Stored(f.RelativePath)), benchmarks);
    }

    static CheckInput Create(string solution, MetricSettings settings, string? idColumn, IEnumerable<string> publicFiles,
        List<(string Name, string Path)> benchmarks)
    {
        var files = publicFiles.ToList();
        string? Public(string stem) => files
            .Where(f => Path.GetFileName(f).StartsWith(stem + ".", StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(File.Exists);
        return new CheckInput(solution, settings, idColumn, Public("train"), Public("test"), Public("sample_submission"), benchmarks);
    }
}

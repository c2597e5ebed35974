using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Server.Bundles;
using Arena.Server.Files;

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
    /// Reads a stored competition as the importer left it, through local copies from the file store: the solution in
    /// its storage folder's <c>private/</c>, its registered public files, and the reference rows with a file as
    /// benchmarks. <see cref="Competition.Files"/> and <see cref="Competition.References"/> must be loaded. Throws
    /// <see cref="BundleException"/> for a metric the catalog no longer knows. A file the store lacks gets a path
    /// that does not exist, which the checks report as they report any missing file.
    /// </summary>
    public static async Task<CheckInput> FromCompetitionAsync(Competition competition, IFileStore files, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(competition);
        ArgumentNullException.ThrowIfNull(files);
        if (!MetricCatalog.TryFind(competition.Metric, out var metric, out var implied))
            throw new BundleException($"{competition.Slug}: unknown metric '{competition.Metric}'");
        var settings = MetricSettings.Create(metric, new Dictionary<string, string>(implied.Concat(competition.MetricParameters)));
        async Task<string> StoredAsync(string relative)
        {
            var key = FileKeys.Combine(competition.StorageFolder, relative);
            try
            {
                return await files.GetLocalPathAsync(key, cancellation);
            }
            catch (FileNotFoundException)
            {
                return Path.Combine(Path.GetTempPath(), "arena-missing", key);
            }
        }
        var benchmarks = new List<(string Name, string Path)>();
        foreach (var reference in competition.References.Where(r => r.File is not null).OrderBy(r => r.Id))
            benchmarks.Add((reference.Name, await StoredAsync(reference.File!)));
        var publicFiles = new List<string>();
        foreach (var file in competition.Files.OrderBy(f => f.Name, StringComparer.Ordinal)) publicFiles.Add(await StoredAsync(file.RelativePath));
        return Create(await StoredAsync($"private/{Path.GetFileName(competition.SolutionFile)}"), settings, competition.IdColumn, publicFiles, benchmarks);
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

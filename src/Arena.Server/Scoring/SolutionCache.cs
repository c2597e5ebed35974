using System.Collections.Concurrent;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Server.Files;

namespace Arena.Server.Scoring;

/// <summary>
/// Parsed solutions, one per competition and solution version, so that a worker parses a solution once and scores
/// every submission against the same indexed copy.
/// </summary>
public sealed class SolutionCache(IFileStore files)
{
    readonly ConcurrentDictionary<string, Lazy<Solution>> _solutions = new(StringComparer.Ordinal);

    /// <summary>Where the importer keeps a competition's solution: under its storage folder, in <c>private/</c>, which no route serves.</summary>
    public static string Key(Competition competition) =>
        FileKeys.Combine(competition.StorageFolder, "private", Path.GetFileName(competition.SolutionFile));

    /// <summary>Throws <see cref="FileNotFoundException"/> when the store has no solution file, <see cref="SolutionException"/> when it is invalid.</summary>
    public async Task<Solution> GetAsync(Competition competition, CancellationToken cancellation)
    {
        // A local copy changes (and so does its time stamp) when the stored solution is replaced.
        var path = await files.GetLocalPathAsync(Key(competition), cancellation);
        var stamp = File.GetLastWriteTimeUtc(path).Ticks;
        var key = $"{competition.Id}|{stamp}|{competition.Metric}|{string.Join(',', competition.MetricParameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}";
        var entry = _solutions.GetOrAdd(key, _ => new Lazy<Solution>(() => Load(competition, path)));
        try
        {
            return entry.Value;
        }
        catch
        {
            _solutions.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>Drops every parsed copy of the competition's solution, so the next <see cref="GetAsync"/> reads the file again.</summary>
    public void Forget(int competitionId)
    {
        var prefix = $"{competitionId}|";
        foreach (var key in _solutions.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))) _solutions.TryRemove(key, out _);
    }

    static Solution Load(Competition competition, string path)
    {
        var metric = MetricCatalog.Find(competition.Metric);
        var settings = MetricSettings.Create(metric, competition.MetricParameters);
        return Solution.Load(path, settings, competition.IdColumn);
    }
}

using System.Collections.Concurrent;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Server.Configuration;

namespace Arena.Server.Scoring;

/// <summary>
/// Parsed solutions, one per competition and solution version, so that a worker parses a solution once and scores
/// every submission against the same indexed copy.
/// </summary>
public sealed class SolutionCache(DataPaths paths)
{
    readonly ConcurrentDictionary<string, Lazy<Solution>> _solutions = new(StringComparer.Ordinal);

    public Solution Get(Competition competition)
    {
        var path = paths.Resolve(Path.Combine(competition.StorageFolder, "private", Path.GetFileName(competition.SolutionFile)));
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

    /// <summary>Drops every parsed copy of the competition's solution, so the next <see cref="Get"/> reads the file again.</summary>
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

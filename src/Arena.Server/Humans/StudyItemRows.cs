using System.Collections.Concurrent;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Drafts;
using Arena.Server.Files;
using Arena.Server.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// The feature values of a study's items, read once per study from test.csv (train.csv for practice, through the
/// file store) and kept in memory: only the sampled rows, so a large test file costs one pass. Practice rows show
/// test.csv's columns only, so train.csv's label never reaches the page with the item.
/// </summary>
public sealed class StudyItemRows(IFileStore files, SolutionCache solutions)
{
    sealed record Rows(string[] Columns, Dictionary<string, string[]> Values);

    readonly ConcurrentDictionary<(int, DateTime), Lazy<Task<Rows>>> _studies = new();

    /// <summary>The item's values by column name, in test.csv's column order.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FeaturesAsync(ArenaDb db, Competition competition, HumanStudy study, HumanItem item,
        CancellationToken cancellation)
    {
        var key = (study.Id, study.CreatedAt);
        if (!_studies.TryGetValue(key, out var lazy))
        {
            // What the load needs from the database is read here, in the request, so the shared load uses no context.
            var items = await db.HumanItems.AsNoTracking().Where(i => i.StudyId == study.Id).Select(i => new { i.ItemId, i.Kind }).ToListAsync(cancellation);
            var competitionFiles = await db.CompetitionFiles.AsNoTracking().Where(f => f.CompetitionId == competition.Id).ToListAsync(cancellation);
            var tests = items.Where(i => i.Kind == HumanItemKind.Test).Select(i => i.ItemId).ToList();
            var practice = items.Where(i => i.Kind == HumanItemKind.Practice).Select(i => i.ItemId).ToList();
            lazy = _studies.GetOrAdd(key, _ => new Lazy<Task<Rows>>(() => LoadAsync(competition, competitionFiles, tests, practice)));
        }
        Rows rows;
        try
        {
            rows = await lazy.Value.WaitAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _studies.TryRemove(key, out _);
            throw;
        }
        var values = rows.Values.GetValueOrDefault(item.ItemId) ?? [];
        var features = new Dictionary<string, string>(rows.Columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < rows.Columns.Length; i++) features[rows.Columns[i]] = i < values.Length ? values[i] : "";
        return features;
    }

    /// <summary>Reads the files without the request's cancellation: other requests wait on the same load.</summary>
    async Task<Rows> LoadAsync(Competition competition, List<CompetitionFile> competitionFiles, List<string> tests, List<string> practice)
    {
        var idColumn = (await solutions.GetAsync(competition, CancellationToken.None)).IdColumn;
        var test = StudyAccess.Public(competitionFiles, "test") ?? throw new InvalidOperationException("the competition has no test.csv");
        var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var columns = await ReadAsync(test, null, tests);
        if (practice.Count > 0 && StudyAccess.Public(competitionFiles, "train") is { } train) await ReadAsync(train, columns, practice);
        return new Rows(columns, values);

        async Task<string[]> ReadAsync(CompetitionFile file, string[]? wanted, List<string> ids)
        {
            var path = await files.GetLocalPathAsync(FileKeys.Combine(competition.StorageFolder, file.RelativePath), CancellationToken.None);
            var needed = new HashSet<string>(ids, StringComparer.Ordinal);
            using var csv = PublicCsv.Open(path);
            var idPosition = csv.IndexOf(idColumn);
            var columns = wanted ?? [.. csv.Header.Where(c => c != idColumn)];
            var positions = columns.Select(csv.IndexOf).ToArray();
            csv.ForEachRow((_, row) =>
            {
                var rowId = row.Text(idPosition);
                if (!needed.Contains(rowId)) return;
                var cells = new string[positions.Length];
                for (var i = 0; i < positions.Length; i++) cells[i] = positions[i] < 0 ? "" : row.Text(positions[i]);
                values.TryAdd(rowId, cells);
            }, CancellationToken.None);
            return columns;
        }
    }
}

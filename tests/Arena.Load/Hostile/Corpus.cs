using System.Text.Json;

namespace Arena.Load.Hostile;

/// <summary>
/// The scoring library's malformed-submission corpus (tests/Arena.Scoring.Tests/Malformed/manifest.json), read from
/// the repository: each file with the solution and metric it is checked against and the error it must raise.
/// </summary>
public sealed record CorpusCase(string File, string Solution, string Metric, string Code, long? Line, string? Column)
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Folder { get; } = System.IO.Path.Combine(Repository.Root, "tests", "Arena.Scoring.Tests", "Malformed");

    public static IReadOnlyList<CorpusCase> All { get; } =
        JsonSerializer.Deserialize<List<CorpusCase>>(System.IO.File.ReadAllText(System.IO.Path.Combine(Folder, "manifest.json")), Options)!;

    public string Path => System.IO.Path.Combine(Folder, File);

    /// <summary>The competition (see <see cref="HostileBundles"/>) whose solution and metric this case is checked against.</summary>
    public string Slug => HostileBundles.CorpusSlug(Solution, Metric);

    public string Expected => $"{Code} at {(Line is { } l ? $"line {l}" : "no line")}{(Column is null ? "" : $", column '{Column}'")}";
}

/// <summary>The repository this program was built from: the folder above the build output that holds Arena.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Arena.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Arena.sln above {AppContext.BaseDirectory}: run from the repository's build output.");
    }
}

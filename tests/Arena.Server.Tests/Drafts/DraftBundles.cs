namespace Arena.Server.Tests.Drafts;

/// <summary>The repository's competition bundles, and throwaway copies of them to plant problems in.</summary>
public static class DraftBundles
{
    public static readonly string[] Slugs = ["breast-cancer", "iris", "wine", "diabetes", "digits"];

    public static string Folder(string slug) => Path.Combine(RepositoryRoot(), "competitions", slug);

    /// <summary>A copy of a bundle in a fresh temporary folder.</summary>
    public static string Copy(string slug)
    {
        var target = Path.Combine(Directory.CreateTempSubdirectory("arena-draft-").FullName, slug);
        var source = Folder(slug);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }

    /// <summary>A plain comma-separated file without quotes, as the bundles are: header and rows of fields.</summary>
    public static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    public static void WriteCsv(string path, string[] header, IEnumerable<string[]> rows) =>
        File.WriteAllLines(path, [string.Join(',', header), .. rows.Select(r => string.Join(',', r))]);

    /// <summary>The solution's single target column by id.</summary>
    public static Dictionary<string, string> SolutionLabels(string bundle)
    {
        var (_, rows) = ReadCsv(Path.Combine(bundle, "solution.csv"));
        return rows.ToDictionary(r => r[0], r => r[1]);
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Arena.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("cannot find the folder holding Arena.sln above " + AppContext.BaseDirectory);
    }
}

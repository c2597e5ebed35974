namespace Arena.Server.Configuration;

/// <summary>Where files live under the data directory. Nothing here is served statically.</summary>
public sealed class DataPaths(ArenaOptions options)
{
    public string Root { get; } = options.FullDataDirectory;

    public string Competitions => Path.Combine(Root, "competitions");

    public string Submissions => Path.Combine(Root, "submissions");

    public string Uploads => Path.Combine(Root, "uploads");

    /// <summary>Resolves a stored relative path, refusing anything that would escape the data directory.</summary>
    public string Resolve(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException("a stored path points outside the data directory");
        return full;
    }

    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath);
}

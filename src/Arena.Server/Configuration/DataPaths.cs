namespace Arena.Server.Configuration;

/// <summary>
/// The data directory: the filesystem store's files, uploads on their way into the store and, with the postgres
/// store, this node's local copies. Nothing here is served statically.
/// </summary>
public sealed class DataPaths(ArenaOptions options)
{
    public string Root { get; } = options.FullDataDirectory;

    public string Uploads => Path.Combine(Root, "uploads");

    /// <summary>A new path in the uploads folder; whoever writes it deletes it unless it is handed to the file store.</summary>
    public string NewUploadFile(string extension = ".part")
    {
        Directory.CreateDirectory(Uploads);
        return Path.Combine(Uploads, $"{Guid.NewGuid():N}{extension}");
    }

    /// <summary>Resolves a stored relative path, refusing anything that would escape the data directory.</summary>
    public string Resolve(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException("a stored path points outside the data directory");
        return full;
    }
}

namespace Arena.Server.Files;

/// <summary>
/// Where uploads and competition files live, by key: a relative path with forward slashes such as
/// <c>competitions/titanic/public/train.csv</c> or <c>submissions/3/{id}.upload</c>. Keys are written once in
/// practice (a new upload gets a new name), but saving an existing key replaces it whole: a reader gets the old
/// file or the new one, never a mixture. Nothing here holds a whole file in memory.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores the stream's bytes under the key, reading it to its end.</summary>
    Task SaveAsync(string key, Stream content, CancellationToken cancellation);

    /// <summary>
    /// Stores a local file under the key and takes it: afterwards the caller's file is gone (moved into place, or
    /// copied and kept as this node's local copy). Uploads are streamed to a local file first, then handed over here.
    /// </summary>
    Task MoveInAsync(string key, string localFile, CancellationToken cancellation);

    /// <summary>The file's bytes, or null when there is no such key; the caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellation);

    /// <summary>The file's size in bytes, or null when there is no such key.</summary>
    Task<long?> SizeAsync(string key, CancellationToken cancellation);

    /// <summary>Removes the file; a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellation);

    /// <summary>Removes every file whose key starts with <paramref name="folder"/> followed by a slash.</summary>
    Task DeleteFolderAsync(string folder, CancellationToken cancellation);

    /// <summary>
    /// A path on this machine holding the file, for readers that open files by path (the scoring library, ML.NET, a
    /// download served with ranges). Throws <see cref="FileNotFoundException"/> when there is no such key. The file
    /// must be treated as read-only: it may be the stored file itself.
    /// </summary>
    Task<string> GetLocalPathAsync(string key, CancellationToken cancellation);
}

/// <summary>Keys are compared as strings, so every caller spells them the same way.</summary>
public static class FileKeys
{
    /// <summary>Forward slashes, no empty, <c>.</c> or <c>..</c> segment, not rooted: a key can never name a file outside the store.</summary>
    public static string Normalize(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var normal = key.Replace('\\', '/');
        if (normal.StartsWith('/') || normal.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"'{key}' is not a valid file key", nameof(key));
        return normal;
    }

    public static string Combine(params string[] parts) => Normalize(string.Join('/', parts));
}

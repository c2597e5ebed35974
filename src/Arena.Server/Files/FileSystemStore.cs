using Arena.Server.Configuration;

namespace Arena.Server.Files;

/// <summary>
/// The default store: a key is a file under <c>Arena:DataDirectory</c>. Nodes share files only if they share that
/// folder (one machine, or a network mount).
/// </summary>
public sealed class FileSystemStore(DataPaths paths) : IFileStore
{
    const int BufferSize = 1 << 16;

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = Target(key);
        // Written beside the target and renamed over it, so that a reader never opens half a file.
        var partial = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                await content.CopyToAsync(file, BufferSize, cancellation);
                file.Flush(flushToDisk: true);
            }
            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public Task MoveInAsync(string key, string localFile, CancellationToken cancellation)
    {
        // The uploads folder is under the data folder, so this is a rename, not a copy.
        File.Move(localFile, Target(key), overwrite: true);
        return Task.CompletedTask;
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellation)
    {
        var path = paths.Resolve(FileKeys.Normalize(key));
        Stream? stream = File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    public Task<long?> SizeAsync(string key, CancellationToken cancellation)
    {
        var file = new FileInfo(paths.Resolve(FileKeys.Normalize(key)));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellation)
    {
        File.Delete(paths.Resolve(FileKeys.Normalize(key)));
        return Task.CompletedTask;
    }

    public Task DeleteFolderAsync(string folder, CancellationToken cancellation)
    {
        var path = paths.Resolve(FileKeys.Normalize(folder));
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        return Task.CompletedTask;
    }

    public Task<string> GetLocalPathAsync(string key, CancellationToken cancellation)
    {
        var path = paths.Resolve(FileKeys.Normalize(key));
        return File.Exists(path) ? Task.FromResult(path) : Task.FromException<string>(new FileNotFoundException($"no stored file '{key}'"));
    }

    string Target(string key)
    {
        var target = paths.Resolve(FileKeys.Normalize(key));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return target;
    }
}

using System.Buffers;
using System.Security.Cryptography;

namespace Arena.Server.Files;

/// <summary>
/// This node's copies for path-based readers, under <c>Arena:DataDirectory/cache/{sha256}/{file name}</c>: the name
/// keeps the stored file's (readers choose a parser by it) and the folder is its content, so a copy is reused only
/// while the stored file is unchanged. The folder can be deleted at any time; copies are fetched again.
/// </summary>
public sealed partial class PostgresFileStore
{
    string CacheFolder => Path.Combine(paths.Root, "cache");

    public async Task<string> GetLocalPathAsync(string key, CancellationToken cancellation)
    {
        key = FileKeys.Normalize(key);
        if (await InfoAsync(key, cancellation) is { } known && new FileInfo(CachePath(known.Sha256, key)) is { Exists: true } copy && copy.Length == known.Size)
            return copy.FullName;

        var opened = await OpenAsync(key, cancellation) ?? throw new FileNotFoundException($"no stored file '{key}'");
        var local = CachePath(opened.Info.Sha256, key);
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        // Copied under a temporary name and renamed, so that a reader (here or in another thread) never sees half a copy.
        var partial = $"{local}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var source = opened.Stream)
            await using (var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBuffer, useAsync: true))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = ArrayPool<byte>.Shared.Rent(CopyBuffer);
                try
                {
                    int read;
                    while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBuffer), cancellation)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                        await target.WriteAsync(buffer.AsMemory(0, read), cancellation);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                if (Convert.ToHexStringLower(sha.GetHashAndReset()) != opened.Info.Sha256)
                    throw new IOException($"the stored file '{key}' does not match its recorded SHA-256");
            }
            File.Move(partial, local, overwrite: true);
            return local;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    string CachePath(string sha, string key) => Path.Combine(CacheFolder, sha[..2], sha, Path.GetFileName(key));
}

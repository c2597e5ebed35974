using System.IO.Compression;
using Arena.Server.Bundles;

namespace Arena.Server.Drafts;

/// <summary>
/// Extracts an uploaded bundle zip, refusing what could harm the server: entries that would land outside the folder
/// (zip-slip: <c>..</c> segments, absolute paths), too many entries, and more bytes than the cap (zip bombs; bytes
/// are counted as they are written, not taken from the headers, which can lie). Throws <see cref="BundleException"/>.
/// </summary>
internal static class BundleArchive
{
    public const int MaxEntries = 1000;

    /// <summary>Extracts into <paramref name="folder"/> and returns the bundle's root: the folder itself, or its single top-level folder.</summary>
    public static string Extract(string zipPath, string folder, long maxBytes, CancellationToken cancellation)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException)
        {
            throw new BundleException("bundle: the upload is not a zip archive");
        }
        using (archive)
        {
            var entries = archive.Entries;
            if (entries.Count > MaxEntries) throw new BundleException($"bundle: the archive has {entries.Count} entries; at most {MaxEntries} are allowed");
            var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
            var targets = entries.Select(e => (Entry: e, Target: Target(e, root))).Where(e => e.Target is not null).ToList();
            if (targets.Sum(e => e.Entry.Length) > maxBytes) throw TooLarge(maxBytes);
            long written = 0;
            foreach (var (entry, target) in targets)
            {
                cancellation.ThrowIfCancellationRequested();
                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
                {
                    Directory.CreateDirectory(target!);
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    written += Write(entry, target!, maxBytes - written, maxBytes);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
                {
                    // The exception's own message may name server paths; the entry's name is what the uploader needs.
                    throw new BundleException($"bundle: the archive entry '{entry.FullName}' cannot be extracted (corrupt, encrypted or clashing with a folder)");
                }
            }
        }
        return BundleRoot(folder);
    }

    /// <summary>Where an entry goes; null for macOS's resource-fork folder, which Finder adds to every zip it makes.</summary>
    static string? Target(ZipArchiveEntry entry, string root)
    {
        var name = entry.FullName.Replace('\\', '/');
        if (name.StartsWith("__MACOSX/", StringComparison.Ordinal)) return null;
        var segments = name.Split('/');
        if (name.Length == 0 || name.StartsWith('/') || (name.Length >= 2 && name[1] == ':') || name.Contains('\0', StringComparison.Ordinal)
            || segments.Any(s => s == ".."))
            throw Unsafe(entry.FullName);
        var target = Path.GetFullPath(Path.Combine(root, Path.Combine(segments)));
        if (!target.StartsWith(root, StringComparison.Ordinal)) throw Unsafe(entry.FullName);
        return target;
    }

    static long Write(ZipArchiveEntry entry, string target, long room, long maxBytes)
    {
        using var source = entry.Open();
        using var file = new FileStream(target, FileMode.Create, FileAccess.Write);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            total += read;
            if (total > room) throw TooLarge(maxBytes);
            file.Write(buffer, 0, read);
        }
        return total;
    }

    /// <summary>A zip made by compressing the bundle's folder (rather than its content) holds one top-level folder.</summary>
    static string BundleRoot(string folder)
    {
        if (File.Exists(Path.Combine(folder, "competition.yaml"))) return folder;
        var folders = Directory.GetDirectories(folder);
        if (folders.Length == 1 && Directory.GetFiles(folder).Length == 0 && File.Exists(Path.Combine(folders[0], "competition.yaml"))) return folders[0];
        throw new BundleException("bundle: the archive has no competition.yaml at its root or in a single top-level folder");
    }

    static BundleException Unsafe(string entry) =>
        new($"bundle: the archive entry '{entry}' points outside the bundle (absolute paths and '..' are not allowed)");

    static BundleException TooLarge(long maxBytes) =>
        new($"bundle: the archive expands to more than {maxBytes} bytes");
}

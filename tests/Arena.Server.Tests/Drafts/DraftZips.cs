using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Arena.Server.Tests.Drafts;

/// <summary>Bundle zips for the upload route: a repository bundle with a slug, or hand-made entries for the safety checks.</summary>
public static class DraftZips
{
    /// <summary>A copy of a repository bundle whose competition.yaml names <paramref name="slug"/> (none when null).</summary>
    public static string BundleWithSlug(string bundle, string? slug)
    {
        var folder = DraftBundles.Copy(bundle);
        var yaml = Path.Combine(folder, "competition.yaml");
        if (slug is not null) File.WriteAllText(yaml, $"slug: {slug}\n" + File.ReadAllText(yaml));
        return folder;
    }

    /// <summary>Zips a folder's content at the root, or inside one top-level folder when <paramref name="topFolder"/> is given.</summary>
    public static byte[] Zip(string folder, string? topFolder = null) =>
        Entries([.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(file =>
        {
            var name = Path.GetRelativePath(folder, file).Replace('\\', '/');
            return (topFolder is null ? name : $"{topFolder}/{name}", File.ReadAllBytes(file));
        })]);

    public static byte[] Entries(params (string Name, byte[] Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(content);
            }
        }
        return memory.ToArray();
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>POST /api/competitions with the zip as <c>bundle</c> and, when given, the <c>group</c> field.</summary>
    public static Task<HttpResponseMessage> UploadBundleAsync(this HttpClient client, byte[] zip, string? group = null)
    {
        var bundle = new ByteArrayContent(zip);
        bundle.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var form = new MultipartFormDataContent { { bundle, "bundle", "bundle.zip" } };
        if (group is not null) form.Add(new StringContent(group), "group");
        return client.PostAsync("/api/competitions", form, TestContext.Current.CancellationToken);
    }
}

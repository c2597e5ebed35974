using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Arena.Load.Hostile;

/// <summary>The bodies the hostile variants send: forms, bombs, broken multipart.</summary>
public static class Payloads
{
    public const string Boundary = "hostile-boundary-7f3a";

    /// <summary>A form with a <c>file</c> field (and optionally a description), as the submission route expects.</summary>
    public static MultipartFormDataContent Form(byte[] file, string fileName, string field = "file", string? description = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, field, fileName);
        if (description is not null) form.Add(new StringContent(description), "description");
        return form;
    }

    /// <summary>A multipart body by hand (for the broken ones): the first part's head and content, and the closing boundary or not.</summary>
    public static byte[] Multipart(string field, string fileName, string content, bool close) => Encoding.ASCII.GetBytes(
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{fileName}\"\r\nContent-Type: text/csv\r\n\r\n{content}\r\n"
        + (close ? $"--{Boundary}--\r\n" : ""));

    public static ByteArrayContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>A zip with one entry of <paramref name="bytes"/> zeros after a CSV header: a few KB that expand a thousandfold.</summary>
    public static byte[] ZipBomb(long bytes, string entry = "submission.csv", string header = "id,target\n") =>
        Zip(archive => Fill(archive.CreateEntry(entry, CompressionLevel.SmallestSize), header, bytes));

    public static byte[] GzipBomb(long bytes, string header = "id,target\n")
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.SmallestSize, leaveOpen: true)) Write(gzip, header, bytes);
        return memory.ToArray();
    }

    /// <summary>A zip whose entries are zips (each a bomb): the 42.zip pattern, one level deep.</summary>
    public static byte[] NestedZips(int count, long bytesEach) => Zip(archive =>
    {
        var inner = ZipBomb(bytesEach);
        for (var i = 0; i < count; i++)
        {
            using var stream = archive.CreateEntry($"layer{i}.zip", CompressionLevel.NoCompression).Open();
            stream.Write(inner);
        }
    });

    /// <summary>A zip of named text entries (a bundle, or one that tries to escape its folder).</summary>
    public static byte[] Zip(params (string Name, string Text)[] entries) => Zip(archive =>
    {
        foreach (var (name, text) in entries)
        {
            using var writer = new StreamWriter(archive.CreateEntry(name).Open());
            writer.Write(text);
        }
    });

    public static byte[] Zip(Action<ZipArchive> fill)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true)) fill(archive);
        return memory.ToArray();
    }

    static void Fill(ZipArchiveEntry entry, string header, long bytes)
    {
        using var stream = entry.Open();
        Write(stream, header, bytes);
    }

    static void Write(Stream stream, string header, long bytes)
    {
        stream.Write(Encoding.ASCII.GetBytes(header));
        var zeros = new byte[1 << 20];
        Array.Fill(zeros, (byte)'0');
        for (long written = 0; written < bytes; written += zeros.Length) stream.Write(zeros);
    }

    /// <summary>A minimal valid bundle for the corpus's binary solution, with the given slug.</summary>
    public static (string, string)[] Bundle(string slug) =>
    [
        ("competition.yaml", $"slug: {slug}\ntitle: \"Hostile bundle\"\nmetric: auc\nsolution: solution.csv\nfiles:\n  - test.csv\n"),
        ("solution.csv", "id,target,Usage\n1,0,Public\n2,1,Public\n3,0,Private\n4,1,Private\n"),
        ("test.csv", "id,x\n1,1\n2,2\n3,3\n4,4\n"),
    ];
}

using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Arena.Scoring.Validation;

namespace Arena.Scoring.Reading;

/// <summary>
/// Opens a CSV that may be plain, gzip-compressed or a zip holding one CSV, recognised by content rather than by name.
/// Rejects empty, binary and UTF-16 files with a clear error before any row is parsed.
/// </summary>
public static class CsvSource
{
    /// <summary>Default cap on the decompressed size: 4 GiB is far beyond any practice competition.</summary>
    public const long DefaultMaxBytes = 4L << 30;

    const int SniffBytes = 8192;

    public static TextReader Open(string path, long maxBytes = DefaultMaxBytes)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileRejectedException(new ValidationError(ErrorCodes.EmptyFile, $"cannot open the file: {e.Message}"));
        }
        return Open(file, maxBytes);
    }

    /// <summary>Takes ownership of <paramref name="raw"/>.</summary>
    public static TextReader Open(Stream raw, long maxBytes = DefaultMaxBytes)
    {
        try
        {
            var decompressed = Decompress(raw, maxBytes);
            return Sniffed(decompressed);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    static Stream Decompress(Stream raw, long maxBytes)
    {
        Span<byte> magic = stackalloc byte[4];
        var trailer = GzipTrailer(raw);
        var buffered = new BufferedStream(raw, 1 << 16);
        var n = buffered.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (n == 0) throw Rejected(ErrorCodes.EmptyFile, "the file is empty");
        buffered.Seek(0, SeekOrigin.Begin);
        if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            return new LimitedStream(new GZipStream(buffered, CompressionMode.Decompress), maxBytes, trailer);
        if (n == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4)
            return OpenZipEntry(buffered, maxBytes);
        if (n == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 5 && magic[3] == 6)
            throw Rejected(ErrorCodes.BadArchive, "the zip archive is empty; it must hold exactly one CSV file");
        return new LimitedStream(buffered, maxBytes);
    }

    /// <summary>
    /// A gzip file ends with the CRC-32 and the length (mod 2^32) of its content. With several gzip members, that is
    /// the last member's, so the check then rejects a valid file: rare for CSV uploads, and the message says to recompress.
    /// </summary>
    static ExpectedContent? GzipTrailer(Stream raw)
    {
        if (!raw.CanSeek || raw.Length < 18) return null;
        Span<byte> tail = stackalloc byte[8];
        raw.Seek(-8, SeekOrigin.End);
        raw.ReadExactly(tail);
        raw.Seek(0, SeekOrigin.Begin);
        return new ExpectedContent(BinaryPrimitives.ReadUInt32LittleEndian(tail), BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]), LengthIsModulo32Bits: true);
    }

    static LimitedStream OpenZipEntry(Stream zipStream, long maxBytes)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(zipStream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw Rejected(ErrorCodes.BadArchive, "the zip archive is damaged or incomplete");
        }
        var files = zip.Entries.Where(e => !e.FullName.EndsWith('/') && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)).ToList();
        if (files.Count != 1)
        {
            zip.Dispose();
            throw Rejected(ErrorCodes.BadArchive, $"a zip must hold exactly one CSV file, this one holds {files.Count}");
        }
        var entry = files[0];
        if (entry.Length > maxBytes)
        {
            zip.Dispose();
            throw Rejected(ErrorCodes.TooLarge, $"the file is larger than the limit of {FormatBytes(maxBytes)} once decompressed");
        }
        try
        {
            return new LimitedStream(new ZipEntryStream(zip, entry.Open()), maxBytes, new ExpectedContent(entry.Crc32, entry.Length, LengthIsModulo32Bits: false));
        }
        catch (InvalidDataException)
        {
            zip.Dispose();
            throw Rejected(ErrorCodes.BadArchive, "the zip entry uses an unsupported compression method");
        }
    }

    static StreamReader Sniffed(Stream decompressed)
    {
        var head = new byte[SniffBytes];
        int n;
        try
        {
            n = decompressed.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);
        }
        catch (InvalidDataException)
        {
            decompressed.Dispose();
            throw Rejected(ErrorCodes.BadArchive, "the compressed data is damaged or incomplete");
        }
        var span = head.AsSpan(0, n);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw Rejected(ErrorCodes.Utf16File, "the file is UTF-16 encoded; save it as UTF-8 CSV");
        var bom = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        if (span[bom..].IsEmpty || span[bom..].IndexOfAnyExcept((byte)'\r', (byte)'\n', (byte)' ') < 0 && n < SniffBytes)
            throw Rejected(ErrorCodes.EmptyFile, "the file is empty");
        if (span.IndexOf((byte)0) >= 0)
        {
            throw LooksLikeUtf16(span)
                ? Rejected(ErrorCodes.Utf16File, "the file looks UTF-16 encoded; save it as UTF-8 CSV")
                : Rejected(ErrorCodes.BinaryFile, "the file is binary, not a CSV text file");
        }
        var replay = new ConcatStream(head, n, decompressed);
        return new StreamReader(replay, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>UTF-16 text without a BOM has a zero in nearly every other byte, and almost none in between.</summary>
    static bool LooksLikeUtf16(ReadOnlySpan<byte> head)
    {
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < head.Length; i++)
        {
            if (head[i] != 0) continue;
            if (i % 2 == 0) evenZeros++; else oddZeros++;
        }
        var half = head.Length / 2;
        return half > 0 && Math.Max(evenZeros, oddZeros) > half * 0.8 && Math.Min(evenZeros, oddZeros) < half * 0.05;
    }

    static FileRejectedException Rejected(string code, string message) => new(new ValidationError(code, message));

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };
}

using System.IO.Hashing;
using Arena.Scoring.Validation;

namespace Arena.Scoring.Reading;

/// <summary>What a compressed format promises about its content: checked once the stream ends.</summary>
internal readonly record struct ExpectedContent(uint Crc32, long Length, bool LengthIsModulo32Bits);

/// <summary>
/// Wraps a decompressing stream: stops once it has produced more than the allowed bytes (zip-bomb safety), turns
/// damaged data into a clear rejection, and at the end checks the format's CRC-32 and length, because .NET's gzip
/// and zip readers return a short stream, without an error, for a truncated or damaged file.
/// </summary>
sealed class LimitedStream(Stream inner, long maxBytes, ExpectedContent? expected = null) : ReadOnlyStream
{
    readonly Crc32? _crc = expected is null ? null : new Crc32();
    long _produced;
    bool _checked;

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (InvalidDataException)
        {
            throw Damaged();
        }
        _produced += n;
        if (_produced > maxBytes)
        {
            throw new FileRejectedException(new ValidationError(ErrorCodes.TooLarge,
                $"the file is larger than the limit of {CsvSource.FormatBytes(maxBytes)} once decompressed"));
        }
        _crc?.Append(buffer[..n]);
        if (n == 0 && buffer.Length > 0) CheckEnd();
        return n;
    }

    void CheckEnd()
    {
        if (_checked || expected is not { } e) return;
        _checked = true;
        var length = e.LengthIsModulo32Bits ? _produced & 0xFFFF_FFFF : _produced;
        if (_crc!.GetCurrentHashAsUInt32() != e.Crc32 || length != e.Length) throw Damaged();
    }

    static FileRejectedException Damaged() =>
        new(new ValidationError(ErrorCodes.BadArchive, "the compressed file is damaged or truncated (its checksum does not match); compress it again"));


    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

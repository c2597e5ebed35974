using Arena.Scoring.Validation;

namespace Arena.Scoring.Reading;

/// <summary>Stops a decompressing stream once it has produced more than the allowed bytes (zip-bomb safety).</summary>
sealed class LimitedStream(Stream inner, long maxBytes) : Stream
{
    long _produced;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _produced += n;
        if (_produced > maxBytes)
        {
            throw new FileRejectedException(new ValidationError(ErrorCodes.TooLarge,
                $"the file is larger than the limit of {CsvSource.FormatBytes(maxBytes)} once decompressed"));
        }
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _produced; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

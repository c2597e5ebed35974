namespace Arena.Scoring.Reading;

/// <summary>Replays the bytes already read for sniffing, then continues with the rest of the stream.</summary>
sealed class ConcatStream(byte[] head, int headLength, Stream rest) : Stream
{
    int _headPosition;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headPosition < headLength)
        {
            var n = Math.Min(buffer.Length, headLength - _headPosition);
            head.AsSpan(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
            return n;
        }
        return rest.Read(buffer);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Keeps the archive alive as long as its entry stream is read.</summary>
sealed class ZipEntryStream(IDisposable archive, Stream entry) : Stream
{
    public override int Read(byte[] buffer, int offset, int count) => entry.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => entry.Read(buffer);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            entry.Dispose();
            archive.Dispose();
        }
        base.Dispose(disposing);
    }
}

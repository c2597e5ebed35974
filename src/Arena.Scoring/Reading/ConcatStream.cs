namespace Arena.Scoring.Reading;

/// <summary>Replays the bytes already read for sniffing, then continues with the rest of the stream.</summary>
sealed class ConcatStream(byte[] head, int headLength, Stream rest) : ReadOnlyStream
{
    int _headPosition;

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


    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Keeps the archive alive as long as its entry stream is read.</summary>
sealed class ZipEntryStream(IDisposable archive, Stream entry) : ReadOnlyStream
{
    public override int Read(Span<byte> buffer) => entry.Read(buffer);

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

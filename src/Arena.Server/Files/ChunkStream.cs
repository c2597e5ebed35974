using Npgsql;

namespace Arena.Server.Files;

/// <summary>
/// Reads a stored file's chunks in order as one stream, straight off the connection: only the reader's buffer is
/// held, never a chunk or the file. Disposing it gives the connection back.
/// </summary>
internal sealed class ChunkStream(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader, long length) : Stream
{
    Stream? _chunk;
    long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_chunk is null)
            {
                if (!await reader.ReadAsync(cancellationToken)) return End();
                _chunk = await reader.GetStreamAsync(0, cancellationToken);
            }
            var read = await _chunk.ReadAsync(buffer, cancellationToken);
            if (read > 0) return Advance(read);
            await _chunk.DisposeAsync();
            _chunk = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_chunk is null)
            {
                if (!reader.Read()) return End();
                _chunk = reader.GetStream(0);
            }
            var read = _chunk.Read(buffer);
            if (read > 0) return Advance(read);
            _chunk.Dispose();
            _chunk = null;
        }
    }

    int Advance(int read)
    {
        _position += read;
        return read;
    }

    /// <summary>Chunks missing at the end would otherwise look like a shorter file.</summary>
    int End() => _position == length ? 0 : throw new IOException($"a stored file ended after {_position} of its {length} bytes");

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunk?.Dispose();
            reader.Dispose();
            command.Dispose();
            connection.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_chunk is not null) await _chunk.DisposeAsync();
        await reader.DisposeAsync();
        await command.DisposeAsync();
        await connection.DisposeAsync();
        await base.DisposeAsync();
    }
}

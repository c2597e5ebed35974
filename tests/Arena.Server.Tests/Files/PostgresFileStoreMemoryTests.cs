using Arena.Server.Configuration;
using Arena.Server.Files;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Files;

/// <summary>Nothing else runs while these measure, so the process's allocation counter is (nearly) theirs alone.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class AllocationMeasurements;

/// <summary>
/// "Never buffered whole", measured: a 50 MB file goes into the postgres store and back out while the bytes the whole
/// process allocates stay a small fraction of the file. A buffering implementation (a MemoryStream, ToArray, one
/// byte[] per chunk read) allocates at least the file's size, so it fails here. What this does not prove: peak
/// resident memory (Npgsql's and PostgreSQL's own buffers are not counted), nor that a slow reader holds nothing.
/// </summary>
[Collection(typeof(AllocationMeasurements))]
public sealed class PostgresFileStoreMemoryTests(PostgresCluster cluster)
{
    const int FileSize = 50 << 20;
    const long Budget = 8 << 20;

    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_50_MB_file_is_saved_read_and_copied_locally_allocating_far_less_than_its_size()
    {
        await using var test = await TestStore.CreateAsync(FileStoreKind.Postgres, cluster);
        var expected = await Bytes.Sha256Async(new PatternStream(FileSize));
        // Warm-up: JIT, Npgsql's type handlers and the pool's first connection are allocated once, not per file.
        await test.Store.SaveAsync("warm/up.csv", new PatternStream(3 * PostgresFileStore.ChunkSize), Cancellation);
        await using (var warm = await test.Store.OpenReadAsync("warm/up.csv", Cancellation)) await Bytes.Sha256Async(warm!);

        var saving = await AllocatedAsync(() => test.Store.SaveAsync("big/train.csv", new PatternStream(FileSize), Cancellation));
        string? read = null;
        var reading = await AllocatedAsync(async () =>
        {
            await using var stream = await test.Store.OpenReadAsync("big/train.csv", Cancellation);
            read = await Bytes.Sha256Async(stream!);
        });
        string? local = null;
        var copying = await AllocatedAsync(async () => local = await test.OtherNode().GetLocalPathAsync("big/train.csv", Cancellation));

        Assert.Equal(expected, read);
        Assert.Equal(expected, await Bytes.FileSha256Async(local!));
        Assert.Equal(50, await test.CountAsync("""SELECT count(*) FROM "StoredFileChunks" c JOIN "StoredFiles" f ON f."Id" = c."FileId" WHERE f."Key" = 'big/train.csv'"""));
        Assert.Equal(PostgresFileStore.ChunkSize, await test.CountAsync("""SELECT max(octet_length("Bytes")) FROM "StoredFileChunks" """));
        TestContext.Current.SendDiagnosticMessage($"allocated while saving {saving >> 10} KB, reading {reading >> 10} KB, copying {copying >> 10} KB for a {FileSize >> 20} MB file");
        Assert.True(saving < Budget, $"saving a {FileSize >> 20} MB file allocated {saving >> 20} MB");
        Assert.True(reading < Budget, $"reading a {FileSize >> 20} MB file allocated {reading >> 20} MB");
        Assert.True(copying < Budget, $"copying a {FileSize >> 20} MB file to a local file allocated {copying >> 20} MB");
    }

    static async Task<long> AllocatedAsync(Func<Task> action)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    /// <summary>Reproducible bytes that do not compress, made as they are read: the source itself holds nothing.</summary>
    sealed class PatternStream(long length) : Stream
    {
        long _position;
        ulong _state = 0x9E3779B97F4A7C15;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < count; i++)
            {
                // xorshift64: fast, and incompressible enough that TOAST stores the chunks as sent.
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                buffer[i] = (byte)_state;
            }
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using Arena.Server.Configuration;
using Arena.Server.Files;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Files;

/// <summary>The postgres store between nodes: each with its own data folder, all reading the same files.</summary>
public sealed class PostgresFileStoreTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_saved_on_one_node_is_read_on_another_which_keeps_a_local_copy_while_it_is_current()
    {
        await using var test = await TestStore.CreateAsync(FileStoreKind.Postgres, cluster);
        var other = test.OtherNode();
        var first = Bytes.Random(PostgresFileStore.ChunkSize + 5, seed: 10);
        await test.Store.SaveAsync("competitions/x/private/solution.csv", new MemoryStream(first), Cancellation);

        var copy = await other.GetLocalPathAsync("competitions/x/private/solution.csv", Cancellation);
        Assert.DoesNotContain(test.DataDirectory, copy, StringComparison.Ordinal);
        Assert.Equal(Bytes.Sha256(first), await Bytes.FileSha256Async(copy));
        var written = File.GetLastWriteTimeUtc(copy);

        // Reused, not fetched again: same path, same file.
        Assert.Equal(copy, await other.GetLocalPathAsync("competitions/x/private/solution.csv", Cancellation));
        Assert.Equal(written, File.GetLastWriteTimeUtc(copy));

        // A replaced file is fetched again; the old copy is never served for it.
        var second = Bytes.Random(2000, seed: 11);
        await test.Store.SaveAsync("competitions/x/private/solution.csv", new MemoryStream(second), Cancellation);
        var fresh = await other.GetLocalPathAsync("competitions/x/private/solution.csv", Cancellation);
        Assert.NotEqual(copy, fresh);
        Assert.Equal(Bytes.Sha256(second), await Bytes.FileSha256Async(fresh));
    }

    [Fact]
    public async Task A_damaged_local_copy_is_replaced()
    {
        await using var test = await TestStore.CreateAsync(FileStoreKind.Postgres, cluster);
        var content = Bytes.Random(10_000, seed: 12);
        await test.Store.SaveAsync("k/file.csv", new MemoryStream(content), Cancellation);
        var copy = await test.Store.GetLocalPathAsync("k/file.csv", Cancellation);
        await File.WriteAllBytesAsync(copy, content.AsMemory(0, 500).ToArray(), Cancellation);

        var again = await test.Store.GetLocalPathAsync("k/file.csv", Cancellation);

        Assert.Equal(Bytes.Sha256(content), await Bytes.FileSha256Async(again));
    }

    [Fact]
    public async Task A_save_that_fails_midway_leaves_the_previous_file_and_no_rows_behind()
    {
        await using var test = await TestStore.CreateAsync(FileStoreKind.Postgres, cluster);
        var kept = Bytes.Random(PostgresFileStore.ChunkSize / 2, seed: 13);
        await test.Store.SaveAsync("k/file.csv", new MemoryStream(kept), Cancellation);

        var failing = new FailingStream(new MemoryStream(Bytes.Random(4 * PostgresFileStore.ChunkSize, seed: 14)), failAfter: 5 * PostgresFileStore.ChunkSize / 2);
        await Assert.ThrowsAsync<IOException>(() => test.Store.SaveAsync("k/file.csv", failing, Cancellation));

        Assert.True(failing.Failed);
        await using (var stream = await test.Store.OpenReadAsync("k/file.csv", Cancellation))
            Assert.Equal(Bytes.Sha256(kept), await Bytes.Sha256Async(stream!));
        Assert.Equal(1, await test.CountAsync("""SELECT count(*) FROM "StoredFiles" """));
        Assert.Equal(1, await test.CountAsync("""SELECT count(*) FROM "StoredFileChunks" """));
    }

    [Fact]
    public async Task Saves_of_one_key_at_the_same_time_all_succeed_and_leave_one_whole_file()
    {
        await using var test = await TestStore.CreateAsync(FileStoreKind.Postgres, cluster);
        var contents = Enumerable.Range(0, 4).Select(i => Bytes.Random(2 * PostgresFileStore.ChunkSize + 1 + i, seed: 20 + i)).ToList();
        var nodes = contents.Select(_ => test.OtherNode()).ToList();

        await Task.WhenAll(contents.Select((content, i) => Task.Run(() => nodes[i].SaveAsync("shared/train.csv", new MemoryStream(content), Cancellation), Cancellation)));

        await using (var stream = await test.Store.OpenReadAsync("shared/train.csv", Cancellation))
            Assert.Contains(await Bytes.Sha256Async(stream!), contents.Select(Bytes.Sha256));
        Assert.Equal(1, await test.CountAsync("""SELECT count(*) FROM "StoredFiles" """));
        Assert.Equal(3, await test.CountAsync("""SELECT count(*) FROM "StoredFileChunks" """));
    }

    /// <summary>Passes bytes through until <c>failAfter</c>, then fails as a dropped upload would.</summary>
    sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        long _read;
        public bool Failed { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_read >= failAfter)
            {
                Failed = true;
                throw new IOException("the client went away");
            }
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, failAfter - _read)]);
            _read += read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

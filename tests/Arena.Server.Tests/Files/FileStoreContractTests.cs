using Arena.Server.Configuration;
using Arena.Server.Files;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Files;

/// <summary>What every file store promises, checked on both kinds.</summary>
public sealed class FileStoreContractTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FileStoreKind.Filesystem)]
    [InlineData(FileStoreKind.Postgres)]
    public async Task A_file_of_several_chunks_reads_back_with_the_same_sha256_as_a_stream_and_as_a_local_file(FileStoreKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, cluster);
        var content = Bytes.Random(5 * PostgresFileStore.ChunkSize + 12_345, seed: 1);

        await test.Store.SaveAsync("competitions/big/public/train.csv", new MemoryStream(content), Cancellation);

        Assert.Equal(content.Length, await test.Store.SizeAsync("competitions/big/public/train.csv", Cancellation));
        await using (var stream = await test.Store.OpenReadAsync("competitions/big/public/train.csv", Cancellation))
            Assert.Equal(Bytes.Sha256(content), await Bytes.Sha256Async(stream!));
        var local = await test.Store.GetLocalPathAsync("competitions/big/public/train.csv", Cancellation);
        Assert.StartsWith(test.DataDirectory, local, StringComparison.Ordinal);
        // Readers that pick a parser by name (train.csv, test.csv.gz) still see the stored name.
        Assert.Equal("train.csv", Path.GetFileName(local));
        Assert.Equal(Bytes.Sha256(content), await Bytes.FileSha256Async(local));
        if (kind == FileStoreKind.Postgres)
            Assert.Equal(6, await test.CountAsync("""SELECT count(*) FROM "StoredFileChunks" """));
    }

    [Theory]
    [InlineData(FileStoreKind.Filesystem)]
    [InlineData(FileStoreKind.Postgres)]
    public async Task Saving_a_key_again_replaces_the_file_whole(FileStoreKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, cluster);
        var first = Bytes.Random(3 * PostgresFileStore.ChunkSize, seed: 2);
        var second = Bytes.Random(1000, seed: 3);
        await test.Store.SaveAsync("a/solution.csv", new MemoryStream(first), Cancellation);
        Assert.Equal(Bytes.Sha256(first), await Bytes.FileSha256Async(await test.Store.GetLocalPathAsync("a/solution.csv", Cancellation)));

        await test.Store.SaveAsync("a/solution.csv", new MemoryStream(second), Cancellation);

        Assert.Equal(second.Length, await test.Store.SizeAsync("a/solution.csv", Cancellation));
        await using (var stream = await test.Store.OpenReadAsync("a/solution.csv", Cancellation))
            Assert.Equal(Bytes.Sha256(second), await Bytes.Sha256Async(stream!));
        Assert.Equal(Bytes.Sha256(second), await Bytes.FileSha256Async(await test.Store.GetLocalPathAsync("a/solution.csv", Cancellation)));
        if (kind == FileStoreKind.Postgres)
        {
            Assert.Equal(1, await test.CountAsync("""SELECT count(*) FROM "StoredFiles" """));
            Assert.Equal(1, await test.CountAsync("""SELECT count(*) FROM "StoredFileChunks" """));
        }
    }

    [Theory]
    [InlineData(FileStoreKind.Filesystem)]
    [InlineData(FileStoreKind.Postgres)]
    public async Task A_missing_key_reads_as_nothing_and_deleting_it_is_no_error(FileStoreKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, cluster);
        await test.Store.SaveAsync("present/file.csv", new MemoryStream([1, 2, 3]), Cancellation);

        Assert.Null(await test.Store.OpenReadAsync("present/missing.csv", Cancellation));
        Assert.Null(await test.Store.SizeAsync("present/missing.csv", Cancellation));
        await Assert.ThrowsAsync<FileNotFoundException>(() => test.Store.GetLocalPathAsync("present/missing.csv", Cancellation));
        await Assert.ThrowsAsync<FileNotFoundException>(() => test.Store.GetLocalPathAsync("absent/folder/file.csv", Cancellation));
        await test.Store.DeleteAsync("present/missing.csv", Cancellation);
        await test.Store.DeleteFolderAsync("absent", Cancellation);
        Assert.Equal(3, await test.Store.SizeAsync("present/file.csv", Cancellation));
    }

    [Theory]
    [InlineData(FileStoreKind.Filesystem)]
    [InlineData(FileStoreKind.Postgres)]
    public async Task Delete_removes_one_file_and_a_folder_removes_only_what_is_inside_it(FileStoreKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, cluster);
        string[] keys = ["c/draft/public/train.csv", "c/draft/private/references/x.csv", "c/draft-2/public/train.csv", "c/draft.csv", "c/other.csv"];
        foreach (var key in keys) await test.Store.SaveAsync(key, new MemoryStream(Bytes.Random(100, seed: key.Length)), Cancellation);

        await test.Store.DeleteFolderAsync("c/draft", Cancellation);
        await test.Store.DeleteAsync("c/other.csv", Cancellation);

        var left = new List<string>();
        foreach (var key in keys)
            if (await test.Store.SizeAsync(key, Cancellation) is not null) left.Add(key);
        Assert.Equal(["c/draft-2/public/train.csv", "c/draft.csv"], left);
        Assert.Null(await test.Store.OpenReadAsync("c/other.csv", Cancellation));
    }

    [Theory]
    [InlineData(FileStoreKind.Filesystem)]
    [InlineData(FileStoreKind.Postgres)]
    public async Task Moving_a_local_file_in_stores_it_and_takes_it_away_from_the_caller(FileStoreKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, cluster);
        var content = Bytes.Random(2 * PostgresFileStore.ChunkSize + 7, seed: 4);
        var local = new DataPaths(new ArenaOptions { DataDirectory = test.DataDirectory }).NewUploadFile();
        await File.WriteAllBytesAsync(local, content, Cancellation);

        await test.Store.MoveInAsync("submissions/1/abc.upload", local, Cancellation);

        Assert.False(File.Exists(local));
        await using var stream = await test.Store.OpenReadAsync("submissions/1/abc.upload", Cancellation);
        Assert.Equal(Bytes.Sha256(content), await Bytes.Sha256Async(stream!));
    }

    [Theory]
    [InlineData(FileStoreKind.Filesystem)]
    [InlineData(FileStoreKind.Postgres)]
    public async Task An_empty_file_is_a_file(FileStoreKind kind)
    {
        await using var test = await TestStore.CreateAsync(kind, cluster);

        await test.Store.SaveAsync("empty.csv", new MemoryStream(), Cancellation);

        Assert.Equal(0, await test.Store.SizeAsync("empty.csv", Cancellation));
        await using (var stream = await test.Store.OpenReadAsync("empty.csv", Cancellation))
            Assert.Equal(-1, stream!.ReadByte());
        Assert.Equal(0, new FileInfo(await test.Store.GetLocalPathAsync("empty.csv", Cancellation)).Length);
    }

    [Theory]
    [InlineData(FileStoreKind.Filesystem, "../escaped.csv")]
    [InlineData(FileStoreKind.Filesystem, "/etc/passwd")]
    [InlineData(FileStoreKind.Filesystem, "a/../../escaped.csv")]
    [InlineData(FileStoreKind.Postgres, "a//b.csv")]
    [InlineData(FileStoreKind.Postgres, "a/./b.csv")]
    [InlineData(FileStoreKind.Postgres, "..\\escaped.csv")]
    public async Task A_key_that_could_name_something_outside_the_store_is_refused(FileStoreKind kind, string key)
    {
        await using var test = await TestStore.CreateAsync(kind, cluster);

        await Assert.ThrowsAsync<ArgumentException>(() => test.Store.SaveAsync(key, new MemoryStream([1]), Cancellation));
        await Assert.ThrowsAsync<ArgumentException>(() => test.Store.GetLocalPathAsync(key, Cancellation));

        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(test.DataDirectory)!, "escaped.csv")));
    }
}

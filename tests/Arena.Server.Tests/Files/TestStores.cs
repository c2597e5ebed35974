using System.Security.Cryptography;
using Arena.Server.Configuration;
using Arena.Server.Files;
using Arena.Server.Tests.Infrastructure;
using Npgsql;

namespace Arena.Server.Tests.Files;

/// <summary>
/// A file store of either kind over a temporary data folder (and, for postgres, a fresh migrated database), as a
/// node would build it. <see cref="OtherNode"/> is a second node's store: the same database, its own data folder.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    readonly TestDatabase? _database;
    readonly List<string> _folders = [];

    TestStore(FileStoreKind kind, TestDatabase? database)
    {
        Kind = kind;
        _database = database;
        Store = Create();
    }

    public FileStoreKind Kind { get; }
    public IFileStore Store { get; }
    public string DataDirectory => _folders[0];
    public string? ConnectionString => _database?.ConnectionString;

    public static async Task<TestStore> CreateAsync(FileStoreKind kind, PostgresCluster cluster) =>
        new(kind, kind == FileStoreKind.Postgres ? await TestDatabase.CreateAsync(Provider.Postgres, cluster, TestContext.Current.CancellationToken) : null);

    public IFileStore OtherNode() => Kind == FileStoreKind.Postgres ? Create() : throw new InvalidOperationException("filesystem stores share nothing");

    IFileStore Create()
    {
        var folder = Directory.CreateTempSubdirectory("arena-store-").FullName;
        _folders.Add(folder);
        var paths = new DataPaths(new ArenaOptions { DataDirectory = folder });
        return Kind == FileStoreKind.Postgres ? new PostgresFileStore(_database!.ConnectionString, paths, TimeProvider.System) : new FileSystemStore(paths);
    }

    /// <summary>A scalar from the store's database, for checking its rows.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var folder in _folders.Where(Directory.Exists)) Directory.Delete(folder, recursive: true);
        if (_database is not null) await _database.DisposeAsync();
    }
}

public static class Bytes
{
    /// <summary>Reproducible content that does not compress, so that PostgreSQL stores what was sent.</summary>
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static async Task<string> Sha256Async(Stream stream) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, TestContext.Current.CancellationToken));

    public static async Task<string> FileSha256Async(string path)
    {
        await using var file = File.OpenRead(path);
        return await Sha256Async(file);
    }
}

using Arena.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Tests.Infrastructure;

public enum Provider { Sqlite, Postgres }

/// <summary>
/// A fresh database for one test, on either provider: a file in a temporary folder for SQLite, a new database on the
/// run's <see cref="PostgresCluster"/> for PostgreSQL. Disposing it deletes it.
/// </summary>
/// <example>
/// <code>
/// await using var database = await TestDatabase.CreateAsync(provider, cluster, TestContext.Current.CancellationToken);
/// await using var context = database.CreateContext();
/// </code>
/// </example>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly PostgresCluster _cluster;
    readonly string? _folder;

    TestDatabase(Provider provider, string connectionString, PostgresCluster cluster, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _cluster = cluster;
        _folder = folder;
    }

    public Provider Provider { get; }

    /// <summary>What the server's configuration takes: a Microsoft.Data.Sqlite or an Npgsql connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>A database with Arena's migrations applied.</summary>
    public static async Task<TestDatabase> CreateAsync(Provider provider, PostgresCluster cluster, CancellationToken cancellationToken)
    {
        var database = await CreateEmptyAsync(provider, cluster, cancellationToken);
        try
        {
            await using var context = database.CreateContext();
            await context.Database.MigrateAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>A database with no tables at all.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(Provider provider, PostgresCluster cluster, CancellationToken cancellationToken)
    {
        switch (provider)
        {
            case Provider.Sqlite:
                var folder = Directory.CreateTempSubdirectory("arena-sqlite-").FullName;
                var sqlite = new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(folder, "arena.db"),
                    // Pooled connections would keep the file open after the test.
                    Pooling = false,
                    // How long a command retries while another connection holds the write lock ("database is locked"):
                    // Microsoft.Data.Sqlite's own retry loop, which also covers the conflicts SQLite's busy handler
                    // gives up on at once. 30 s is its default, stated so that the server's configuration carries it too.
                    DefaultTimeout = 30,
                };
                return new TestDatabase(provider, sqlite.ConnectionString, cluster, folder);
            case Provider.Postgres:
                var postgres = await cluster.CreateDatabaseAsync("arena_test", cancellationToken);
                return new TestDatabase(provider, postgres, cluster, folder: null);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
        }
    }

    /// <summary>A new context on this database, typed as the application registers it; the caller disposes it.</summary>
    public ArenaDb CreateContext() => Provider switch
    {
        Provider.Sqlite => new SqliteArenaDb(new DbContextOptionsBuilder<SqliteArenaDb>().UseSqlite(ConnectionString).Options),
        Provider.Postgres => new PostgresArenaDb(new DbContextOptionsBuilder<PostgresArenaDb>().UseNpgsql(ConnectionString).Options),
        _ => throw new InvalidOperationException($"Unknown provider {Provider}."),
    };

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
        else await _cluster.DropDatabaseAsync(ConnectionString, CancellationToken.None);
    }
}

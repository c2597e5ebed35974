using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Arena.Data;

/// <summary>
/// Which database Arena runs on and how to open and migrate it: the one place the server (at start, or with
/// <c>migrate</c>) and <c>arena db migrate</c> / <c>arena admin</c> on the server machine both take it from.
/// </summary>
public sealed class ArenaDatabase
{
    public const string SqliteFileName = "arena.db";

    ArenaDatabase(bool isPostgres, string connectionString, string description)
    {
        IsPostgres = isPostgres;
        ConnectionString = connectionString;
        Description = description;
    }

    public bool IsPostgres { get; }
    public string ConnectionString { get; }

    /// <summary>Where the database is, without a password: the SQLite file, or PostgreSQL's host, port and database.</summary>
    public string Description { get; }

    /// <summary>The embedded default: <c>arena.db</c> in the data folder.</summary>
    public static ArenaDatabase Sqlite(string dataDirectory)
    {
        var file = Path.Combine(Path.GetFullPath(dataDirectory), SqliteFileName);
        // A busy timeout lets concurrent writers (web requests and workers) wait for SQLite's single writer lock.
        var connection = new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 30 }.ConnectionString;
        return new ArenaDatabase(false, connection, file);
    }

    public static ArenaDatabase Postgres(string connectionString)
    {
        var parts = new NpgsqlConnectionStringBuilder(connectionString);
        return new ArenaDatabase(true, connectionString, $"PostgreSQL {parts.Host}:{parts.Port}/{parts.Database ?? parts.Username}");
    }

    /// <summary>Whether the SQLite file exists; always true for PostgreSQL, which is asked instead.</summary>
    public bool MayExist => IsPostgres || File.Exists(Description);

    /// <summary>Registers <see cref="ArenaDb"/> as the provider's context, which owns that provider's migrations.</summary>
    public void Register(IServiceCollection services)
    {
        if (IsPostgres) services.AddDbContext<ArenaDb, PostgresArenaDb>(db => db.UseNpgsql(ConnectionString));
        else services.AddDbContext<ArenaDb, SqliteArenaDb>(db => db.UseSqlite(ConnectionString));
    }

    /// <summary>A context of its own, for a command that runs without a service container; the caller disposes it.</summary>
    public ArenaDb CreateContext() => IsPostgres
        ? new PostgresArenaDb(new DbContextOptionsBuilder<PostgresArenaDb>().UseNpgsql(ConnectionString).Options)
        : new SqliteArenaDb(new DbContextOptionsBuilder<SqliteArenaDb>().UseSqlite(ConnectionString).Options);

    /// <summary>
    /// Applies the pending EF migrations and, on PostgreSQL, installs Hangfire's schema (idempotent): done by the one
    /// process that migrates, never by every node at start.
    /// </summary>
    /// <returns>The migrations applied now, oldest first; empty when the database was up to date.</returns>
    public static async Task<IReadOnlyList<string>> MigrateAsync(ArenaDb db, CancellationToken cancellation = default)
    {
        if (db.Database.IsSqlite() && Path.GetDirectoryName(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellation)).ToList();
        await db.Database.MigrateAsync(cancellation);
        if (db.Database.IsNpgsql())
        {
            await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(cancellation);
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection);
        }
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a worker writes a score.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellation);
        }
        return pending;
    }
}

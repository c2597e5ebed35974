using System.Text.Json.Serialization;
using Arena.Data;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Configuration;

public static class ArenaSetup
{
    public static ArenaOptions AddArenaConfiguration(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ArenaOptions.Section).Get<ArenaOptions>() ?? new ArenaOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DataPaths>();
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        return options;
    }

    public static void AddArenaDatabase(this WebApplicationBuilder builder, ArenaOptions options)
    {
        if (options.Database == DatabaseKind.Postgres)
        {
            var connection = builder.Configuration.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Arena:Database is postgres, but ConnectionStrings:Postgres is not set");
            builder.Services.AddDbContext<ArenaDb, PostgresArenaDb>(db => db.UseNpgsql(connection));
        }
        else
        {
            Directory.CreateDirectory(options.FullDataDirectory);
            // A busy timeout lets concurrent writers (web requests and workers) wait for SQLite's single writer lock.
            var connection = $"Data Source={Path.Combine(options.FullDataDirectory, "arena.db")};Default Timeout=30";
            builder.Services.AddDbContext<ArenaDb, SqliteArenaDb>(db => db.UseSqlite(connection));
        }
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        await db.Database.MigrateAsync();
        if (db.Database.IsNpgsql())
        {
            // Hangfire's tables are installed here, by the one process that migrates, never by every node at start.
            await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync();
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection);
        }
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while a worker writes a score.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }
}

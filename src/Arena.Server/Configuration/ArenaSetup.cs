using System.Text.Json.Serialization;
using Arena.Data;

namespace Arena.Server.Configuration;

public static class ArenaSetup
{
    public static ArenaOptions AddArenaConfiguration(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ArenaOptions.Section).Get<ArenaOptions>() ?? new ArenaOptions();
        // A misspelt role would start a process that neither serves nor scores, and says nothing.
        if (options.Roles is not ("web" or "worker" or "all"))
            throw new InvalidOperationException($"Arena:Roles is '{options.Roles}'; it must be web, worker or all");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DataPaths>();
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        return options;
    }

    public static void AddArenaDatabase(this WebApplicationBuilder builder, ArenaOptions options)
    {
        // The data folder also holds uploads and competition files, so it exists from the start.
        if (options.Database == DatabaseKind.Sqlite) Directory.CreateDirectory(options.FullDataDirectory);
        options.DatabaseFrom(builder.Configuration).Register(builder.Services);
    }

    /// <summary>The configured database; <c>arena db migrate</c> reads the same settings.</summary>
    public static ArenaDatabase DatabaseFrom(this ArenaOptions options, IConfiguration configuration) =>
        options.Database == DatabaseKind.Postgres
            ? ArenaDatabase.Postgres(configuration.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Arena:Database is postgres, but ConnectionStrings:Postgres is not set"))
            : ArenaDatabase.Sqlite(options.FullDataDirectory);

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ArenaDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<ArenaDb>());
    }
}

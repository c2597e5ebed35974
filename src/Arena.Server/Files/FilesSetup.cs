using Arena.Server.Configuration;

namespace Arena.Server.Files;

public static class FilesSetup
{
    /// <summary>Registers the store <c>Arena:FileStore</c> names; a combination that cannot work stops the start with the reason.</summary>
    public static void AddFileStore(this WebApplicationBuilder builder, ArenaOptions options)
    {
        if (options.FileStore == FileStoreKind.Filesystem)
        {
            builder.Services.AddSingleton<IFileStore, FileSystemStore>();
            return;
        }
        if (options.Database != DatabaseKind.Postgres)
            throw new InvalidOperationException("Arena:FileStore is postgres, which keeps files in the PostgreSQL database, but Arena:Database is "
                + $"{options.Database.ToString().ToLowerInvariant()}: set Arena:Database=postgres (with ConnectionStrings:Postgres), or Arena:FileStore=filesystem.");
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("Arena:FileStore is postgres, but ConnectionStrings:Postgres is not set");
        builder.Services.AddSingleton<IFileStore>(services =>
            new PostgresFileStore(connectionString, services.GetRequiredService<DataPaths>(), services.GetRequiredService<TimeProvider>()));
    }
}

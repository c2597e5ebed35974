using System.Collections.Concurrent;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arena.Server.Tests.Hosting;

/// <summary>
/// One Arena server in the test process, on SQLite or on a fresh PostgreSQL database, with its own data folder and
/// its own competitions folder. Every log line it writes is kept in <see cref="Logs"/> so tests can check what leaks.
/// </summary>
public sealed class ArenaApp : WebApplicationFactory<Program>
{
    readonly Dictionary<string, string?> _settings;
    readonly Action<IServiceCollection>? _services;

    ArenaApp(Provider provider, string dataDirectory, string competitionsDirectory, string? postgres, string roles,
        Action<IServiceCollection>? services, IReadOnlyDictionary<string, string?>? settings, bool realPort = false)
    {
        RealPort = realPort;
        Provider = provider;
        DataDirectory = dataDirectory;
        CompetitionsDirectory = competitionsDirectory;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Arena:Database"] = provider == Provider.Postgres ? "postgres" : "sqlite",
            ["Arena:DataDirectory"] = dataDirectory,
            ["Arena:CompetitionsDirectory"] = competitionsDirectory,
            ["Arena:Roles"] = roles,
            ["Arena:MigrateOnStart"] = "true",
            ["ConnectionStrings:Postgres"] = postgres,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public Provider Provider { get; }

    /// <summary>True when the server listens on a real 127.0.0.1 port (Kestrel), for browsers and other processes.</summary>
    public bool RealPort { get; }

    /// <summary>Where a browser reaches the server; only with <see cref="RealPort"/>.</summary>
    public Uri Address => new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
    public string DataDirectory { get; }
    public string CompetitionsDirectory { get; }

    /// <summary>The PostgreSQL database's connection string; null on SQLite (whose file is in <see cref="DataDirectory"/>).</summary>
    public string? PostgresConnectionString => _settings["ConnectionStrings:Postgres"];
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>A server over a new, empty store. The same store can be opened again with <see cref="Restart"/>.</summary>
    public static async Task<ArenaApp> StartAsync(Provider provider, PostgresCluster cluster, string competitionsDirectory,
        string roles = "all", Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null,
        bool realPort = false)
    {
        var data = Directory.CreateTempSubdirectory("arena-server-").FullName;
        var postgres = provider == Provider.Postgres ? await cluster.CreateDatabaseAsync("arena_app", TestContext.Current.CancellationToken) : null;
        var app = new ArenaApp(provider, data, competitionsDirectory, postgres, roles, services, settings, realPort);
        if (realPort) app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    /// <summary>A second server on this one's database and data folder, as after a restart (dispose this one first).</summary>
    public ArenaApp Restart(string roles = "all")
    {
        var settings = new Dictionary<string, string?>(_settings) { ["Arena:Roles"] = roles };
        var again = new ArenaApp(Provider, DataDirectory, CompetitionsDirectory, _settings["ConnectionStrings:Postgres"], roles, _services, settings, RealPort);
        if (RealPort) again.UseKestrel(0);
        again.StartServer();
        return again;
    }

    /// <summary>
    /// Another node on this one's PostgreSQL database but with a new, empty data folder of its own, as on another
    /// machine; <paramref name="settings"/> are added to this one's (say <c>Arena:FileStore</c>). Both keep running.
    /// </summary>
    public ArenaApp StartSibling(string roles, IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (Provider != Provider.Postgres) throw new InvalidOperationException("only PostgreSQL nodes share a database");
        var data = Directory.CreateTempSubdirectory("arena-node-").FullName;
        var merged = new Dictionary<string, string?>(_settings) { ["Arena:Roles"] = roles, ["Arena:DataDirectory"] = data };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) merged[key] = value;
        var sibling = new ArenaApp(Provider, data, CompetitionsDirectory, _settings["ConnectionStrings:Postgres"], roles, _services, merged, RealPort);
        if (RealPort) sibling.UseKestrel(0);
        sibling.StartServer();
        return sibling;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    /// <summary>Deletes the data folder; PostgreSQL databases go with the cluster at the end of the run.</summary>
    public async Task DeleteDataAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        // Idle pooled connections outlive the host for minutes; dozens of hosts in one run would exhaust the cluster.
        if (_settings["ConnectionStrings:Postgres"] is { } postgres)
        {
            using var connection = new Npgsql.NpgsqlConnection(postgres);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose() { }
    }

    sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

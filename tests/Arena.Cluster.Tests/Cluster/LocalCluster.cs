using System.Net;
using System.Net.Sockets;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Npgsql;

namespace Arena.Cluster.Tests.Cluster;

/// <summary>
/// One test's cluster on loopback: a fresh database on the run's PostgreSQL, migrated by a one-shot
/// <c>dotnet Arena.Server.dll migrate</c>, and web nodes and workers started as separate processes on free ports.
/// Disposing it kills every node it started and drops the database.
/// </summary>
/// <remarks>
/// Files: every node has its own data folder and <c>Arena__FileStore=postgres</c>, as on separate machines, so a
/// worker or a second web node can read a file only through the database.
/// </remarks>
public sealed class LocalCluster : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    readonly PostgresCluster _postgres;
    readonly List<Node> _nodes = [];
    readonly string _folder;
    readonly string _bundles;
    bool _imported;

    LocalCluster(PostgresCluster postgres, string connectionString, string folder)
    {
        _postgres = postgres;
        ConnectionString = connectionString;
        _folder = folder;
        _bundles = TestBundles.Create();
        Database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "cluster-test" }.ConnectionString);
    }

    /// <summary>The database every node shares (without an application name).</summary>
    public string ConnectionString { get; }

    /// <summary>The test's own connections, to read what the nodes wrote and to kill their backends.</summary>
    public NpgsqlDataSource Database { get; }

    public IReadOnlyList<Node> Nodes => _nodes;

    public static async Task<LocalCluster> CreateAsync(PostgresCluster postgres, CancellationToken cancellation)
    {
        var connection = await postgres.CreateDatabaseAsync("arena_cluster", cancellation);
        var folder = Directory.CreateTempSubdirectory("arena-cluster-").FullName;
        var cluster = new LocalCluster(postgres, connection, folder);
        try
        {
            // Migrations and Hangfire's schema, once, before any node starts: the way the compose file's one-shot runs it.
            var migrate = cluster.Launch("migrate", "web", extra: null, "migrate");
            var exit = await migrate.WaitForExitAsync(StartTimeout);
            if (exit != 0) throw new InvalidOperationException($"migrate exited with {exit}.\n{migrate.Tail()}");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a node with <c>Arena__Roles=web</c> and waits until it is ready; the first one imports the competitions.</summary>
    public Task<Node> StartWebAsync(string name, IReadOnlyDictionary<string, string>? extra = null) => StartAsync(name, "web", extra);

    /// <summary>Starts a node with <c>Arena__Roles=worker</c> and waits until it is ready.</summary>
    public Task<Node> StartWorkerAsync(string name, IReadOnlyDictionary<string, string>? extra = null) => StartAsync(name, "worker", extra);

    public async Task<Node> StartAsync(string name, string roles, IReadOnlyDictionary<string, string>? extra = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        // A port found free may be taken before the node binds it; the node then exits, and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var node = Launch(name, roles, extra);
            try
            {
                await node.WaitReadyAsync(StartTimeout, cancellation);
                return node;
            }
            catch (InvalidOperationException) when (attempt < 3 && node.HasExited && File.ReadAllText(node.LogFile).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    /// <summary>Starts a node's process without waiting for it; see <see cref="Node.WaitReadyAsync"/>.</summary>
    public Node Launch(string name, string roles, IReadOnlyDictionary<string, string>? extra, params string[] arguments)
    {
        var home = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        var imports = roles is "web" or "all" && !_imported && arguments.Length == 0;
        var environment = new Dictionary<string, string>
        {
            ["Arena__Roles"] = roles,
            ["Arena__Database"] = "postgres",
            // The application name tells the nodes' backends apart in pg_stat_activity.
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = name }.ConnectionString,
            ["Arena__DataDirectory"] = DataDirectoryOf(name),
            ["Arena__FileStore"] = "postgres",
            ["Arena__CompetitionsDirectory"] = _bundles,
            ["Arena__MigrateOnStart"] = "false",
            // One node imports the bundles, as one operator would; two importing at once would race on the same rows.
            ["Arena__ImportCompetitions"] = imports ? "true" : "false",
            ["Arena__WorkerCount"] = "2",
            // Five servers on two cores: workstation GC keeps each one small.
            ["DOTNET_gcServer"] = "0",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) environment[key] = value;
        var node = Node.Start(name, roles, FreePort(), environment, Path.Combine(home, "server.log"), arguments);
        _nodes.Add(node);
        if (imports) _imported = true;
        return node;
    }

    /// <summary>
    /// Terminates the node's backends whose last statement was a LISTEN (its PostgreSQL change listener, or Hangfire's
    /// job notifications on a worker), as a network blip or a failover would, and returns how many there were.
    /// </summary>
    public async Task<int> TerminateListenersAsync(Node node)
    {
        await using var command = Database.CreateCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name AND query ILIKE 'LISTEN%'");
        command.Parameters.AddWithValue("name", node.ApplicationName);
        return Convert.ToInt32(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The node's backends that are listening now (a reconnected listener shows up here again).</summary>
    public async Task<int> ListenerCountAsync(Node node)
    {
        await using var command = Database.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND query ILIKE 'LISTEN%'");
        command.Parameters.AddWithValue("name", node.ApplicationName);
        return Convert.ToInt32(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the node has a listening backend (bounded); fails with the node's backends as PostgreSQL sees them.</summary>
    public async Task WaitForListenerAsync(Node node, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await ListenerCountAsync(node) < 1)
        {
            if (clock.Elapsed > timeout)
            {
                await using var command = Database.CreateCommand("SELECT pid, state, left(query, 60) FROM pg_stat_activity WHERE application_name = @name");
                command.Parameters.AddWithValue("name", node.ApplicationName);
                await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
                var rows = new List<string>();
                while (await reader.ReadAsync(TestContext.Current.CancellationToken)) rows.Add($"{reader.GetInt32(0)} {reader.GetValue(1)} {reader.GetValue(2)}");
                throw new TimeoutException($"{node.Name} has no LISTEN backend after {timeout.TotalSeconds:F0} s; its backends:\n{string.Join('\n', rows)}\n{Tails()}");
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The node's own <c>Arena:DataDirectory</c>; no other node reads or writes it.</summary>
    public string DataDirectoryOf(string nodeName) => Path.Combine(_folder, nodeName, "data");

    /// <summary>Every node's log tail, for assertion messages.</summary>
    public string Tails() => string.Join("\n", _nodes.Select(n => n.Tail()));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await Database.DisposeAsync();
        await _postgres.DropDatabaseAsync(ConnectionString, CancellationToken.None);
        // Failures quote the logs' tails; ARENA_KEEP_CLUSTER_LOGS=1 keeps the whole logs for a closer look.
        if (Environment.GetEnvironmentVariable("ARENA_KEEP_CLUSTER_LOGS") != "1") Directory.Delete(_folder, recursive: true);
        else TestContext.Current.TestOutputHelper?.WriteLine($"Cluster logs kept in {_folder}");
        Directory.Delete(_bundles, recursive: true);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Arena.Server.Tests.Infrastructure;
using Npgsql;

[assembly: AssemblyFixture(typeof(PostgresCluster))]

namespace Arena.Server.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of a test run. Tests ask it for databases with <see cref="CreateDatabaseAsync"/>; the server
/// is found or started on the first request, so a run without PostgreSQL tests starts nothing.
/// </summary>
/// <remarks>
/// <para>
/// When <c>ARENA_TEST_POSTGRES</c> holds a connection string, that server is used (its user must be allowed to create
/// databases), and the databases this run created and did not drop are dropped at the end. Otherwise a throwaway
/// PostgreSQL 15 cluster is made with the binaries in <c>/usr/lib/postgresql/15/bin</c> (or the first
/// <c>initdb</c> on PATH): a temporary folder, trust authentication, a free port on 127.0.0.1, the socket inside the
/// folder and no fsync. As root it runs as the <c>postgres</c> user (<c>initdb</c> refuses root).
/// </para>
/// <para>
/// The cluster is stopped (<c>pg_ctl -m immediate</c>) and its folder deleted when the run ends, and also on
/// SIGINT (Ctrl+C), SIGTERM, SIGHUP and SIGQUIT and from <see cref="AppDomain.ProcessExit"/>. (Since .NET 10 the
/// runtime no longer turns SIGTERM into <see cref="AppDomain.ProcessExit"/>, hence the signal registrations.) A process
/// killed with SIGKILL runs none of these, so a small watchdog shell, which ignores SIGINT, SIGHUP and SIGTERM, polls
/// the test process every second and does the same within a second or two of its death. Limits: killing the watchdog
/// itself (for example SIGKILL to the whole process group) or a machine crash leaves the cluster running; such
/// leftovers are <c>postgres</c> processes whose data folder is an <c>arena-test-pg-*</c> folder in the temporary folder.
/// </para>
/// </remarks>
public sealed partial class PostgresCluster : IAsyncDisposable
{
    public const string ConnectionStringVariable = "ARENA_TEST_POSTGRES";
    const string DebianBinaries = "/usr/lib/postgresql/15/bin";

    /// <summary>Each test database gets its own pool; a test with many concurrent contexts needs as many connections.</summary>
    const int PoolSize = 25;

    readonly SemaphoreSlim _startLock = new(1, 1);
    readonly ConcurrentDictionary<string, bool> _databases = new();
    string _adminConnectionString = "";
    NpgsqlDataSource? _admin;

    // Set while this fixture owns a cluster.
    string? _folder;
    string? _binaries;
    string? _serverOptions;
    Process? _watchdog;
    readonly List<PosixSignalRegistration> _signals = [];
    Exception? _startFailure;
    int _stopped;

    /// <summary>How long finding or starting the server took; zero until then.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Creates an empty database and returns its connection string (Npgsql format).</summary>
    /// <param name="prefix">The start of the database's name, to tell in the server's log which test made it.</param>
    /// <param name="cancellationToken">Cancels the wait for the server and the creation.</param>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var admin = await EnsureStartedAsync(cancellationToken);
        var stem = Sanitize(prefix);
        var name = $"{stem}_{Guid.NewGuid():N}"[..(stem.Length + 13)];
        // From template0: copying template1 waits ~0.2 s whenever autovacuum happens to be connected to it.
        await using (var command = admin.CreateCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        _databases[name] = true;
        return new NpgsqlConnectionStringBuilder(_adminConnectionString)
        {
            Database = name,
            IncludeErrorDetail = true,
            MaxPoolSize = PoolSize,
        }.ConnectionString;
    }

    /// <summary>Closes the pooled connections to a database made by <see cref="CreateDatabaseAsync"/> and drops it.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        await DropAsync(name, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            if (_folder is null)
            {
                // Someone else's server: leave it as it was found.
                foreach (var name in _databases.Keys) await DropAsync(name, CancellationToken.None);
            }
            await _admin.DisposeAsync();
        }
        Stop();
        _startLock.Dispose();
    }

    async Task DropAsync(string name, CancellationToken cancellationToken)
    {
        if (_admin is null || !_databases.TryRemove(name, out _)) return;
        await using var command = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task<NpgsqlDataSource> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _admin) is { } admin) return admin;
        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_admin is null)
            {
                ObjectDisposedException.ThrowIf(_stopped != 0, this);
                // One attempt per run: every later test gets the first failure instead of another half-made cluster.
                if (_startFailure is not null)
                    throw new InvalidOperationException("The tests' PostgreSQL server could not be started or reached.", _startFailure);
                var clock = Stopwatch.StartNew();
                var given = Environment.GetEnvironmentVariable(ConnectionStringVariable);
                var ready = default(NpgsqlDataSource);
                try
                {
                    // Not cancellable: a half-made cluster is harder to clean up than a second of waiting.
                    _adminConnectionString = string.IsNullOrWhiteSpace(given) ? await Task.Run(StartCluster, CancellationToken.None) : given;
                    ready = NpgsqlDataSource.Create(_adminConnectionString);
                    await using var command = ready.CreateCommand("SELECT 1");
                    await command.ExecuteScalarAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    _startFailure = e;
                    if (ready is not null) await ready.DisposeAsync();
                    throw;
                }
                StartupTime = clock.Elapsed;
                TestContext.Current.SendDiagnosticMessage(_folder is null
                    ? $"PostgreSQL: using {ConnectionStringVariable}, reached in {StartupTime.TotalMilliseconds:F0} ms"
                    : $"PostgreSQL: throwaway cluster in {_folder} on {_adminConnectionString}, started in {StartupTime.TotalMilliseconds:F0} ms");
                Volatile.Write(ref _admin, ready);
            }
            return _admin;
        }
        finally
        {
            _startLock.Release();
        }
    }

    string StartCluster()
    {
        _binaries = FindBinaries();
        _folder = Directory.CreateTempSubdirectory("arena-test-pg-").FullName;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        // Not cancelled: after the handler, the signal ends the process as it would have.
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT])
            _signals.Add(PosixSignalRegistration.Create(signal, _ => Stop()));
        _watchdog = StartWatchdog(_folder, _binaries);

        // The folder is 0700 and ours; as root, hand it to postgres, which must also be able to traverse its parents.
        if (Environment.IsPrivilegedProcess)
        {
            Run("chown", ["postgres:postgres", _folder]);
            try
            {
                Run("test", ["-w", _folder], asPostgres: true);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException(
                    $"The postgres user cannot reach {_folder}: point TMPDIR at a folder whose parents it can traverse.", e);
            }
        }
        var data = Path.Combine(_folder, "data");
        var log = Path.Combine(_folder, "server.log");
        Run(Path.Combine(_binaries, "initdb"),
            ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres: true);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            // Each test host holds EF's, Hangfire's and the change listener's connections, and many hosts run at once.
            var options = $"-p {port} -k '{_folder}' -c listen_addresses=127.0.0.1 -c max_connections=1000"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            try
            {
                Run(Path.Combine(_binaries, "pg_ctl"), ["-D", data, "-l", log, "-w", "-t", "30", "-o", options, "start"], asPostgres: true);
                _serverOptions = options;
                return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely another process took the port between FreePort and the start; try another.
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"{e.Message}\n{log}:\n{(File.Exists(log) ? File.ReadAllText(log) : "")}", e);
            }
        }
    }

    /// <summary>
    /// An outage: stops the throwaway server (<c>pg_ctl -m fast</c>: sessions are ended, as a database restart or a
    /// failover ends them) and keeps its data, port and folder for <see cref="StartServer"/>. Only for a cluster this
    /// fixture started.
    /// </summary>
    public void StopServer() => Run(Path.Combine(OwnBinaries(), "pg_ctl"), ["-D", Path.Combine(_folder!, "data"), "-m", "fast", "-w", "-t", "30", "stop"], asPostgres: true);

    /// <summary>
    /// Starts the server stopped by <see cref="StopServer"/> again, on the same port with the same data. The fixture's
    /// own pooled connections died with the old server, so they are dropped.
    /// </summary>
    public void StartServer()
    {
        Run(Path.Combine(OwnBinaries(), "pg_ctl"),
            ["-D", Path.Combine(_folder!, "data"), "-l", Path.Combine(_folder!, "server.log"), "-w", "-t", "30", "-o", _serverOptions!, "start"], asPostgres: true);
        _admin?.Clear();
    }

    string OwnBinaries() => _folder is not null && _binaries is not null && _serverOptions is not null ? _binaries
        : throw new InvalidOperationException($"Only a throwaway cluster started by this fixture can be stopped and started (not one given by {ConnectionStringVariable}).");

    static string FindBinaries()
    {
        if (File.Exists(Path.Combine(DebianBinaries, "initdb"))) return DebianBinaries;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, "initdb")));
        return onPath ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries in {DebianBinaries} or on PATH: install them (apt-get install postgresql-15) "
            + $"or set {ConnectionStringVariable} to the connection string of a server to use.");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the cluster of a test process that died without running any of its own clean-up.</summary>
    static Process StartWatchdog(string folder, string binaries)
    {
        var pgCtl = (Environment.IsPrivilegedProcess ? "runuser -u postgres -- " : "") + Quote(Path.Combine(binaries, "pg_ctl"));
        var script = $"""
            trap '' INT HUP TERM
            exec </dev/null >/dev/null 2>&1
            while kill -0 {Environment.ProcessId} && [ -d {Quote(folder)} ]; do sleep 1; done
            if [ -f {Quote(Path.Combine(folder, "data", "postmaster.pid"))} ]; then {pgCtl} -D {Quote(Path.Combine(folder, "data"))} -m immediate -w stop; fi
            rm -rf {Quote(folder)}
            """;
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the PostgreSQL watchdog.");
    }

    void OnProcessExit(object? sender, EventArgs e) => Stop();

    /// <summary>Stops the cluster this fixture started, if any, and deletes its folder. Safe to call more than once.</summary>
    void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _folder is null) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var registration in _signals) registration.Dispose();
        var data = Path.Combine(_folder, "data");
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                Run(Path.Combine(_binaries!, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres: true);
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // Clean-up at the end of a run must not hide the run's own result; the watchdog retries once we are gone.
            Console.Error.WriteLine($"Could not stop the test PostgreSQL cluster in {_folder}: {e.Message}");
        }
        if (_watchdog is { HasExited: false }) _watchdog.Kill();
        _watchdog?.Dispose();
    }

    /// <summary>Runs a program to its end; as root, <paramref name="asPostgres"/> runs it as the postgres user.</summary>
    static void Run(string program, string[] arguments, bool asPostgres = false)
    {
        var start = new ProcessStartInfo(asPostgres && Environment.IsPrivilegedProcess ? "runuser" : program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", program]) start.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not finish within 60 s.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(' ', start.ArgumentList.Prepend(start.FileName))} exited with {process.ExitCode}:\n{output.Result}{errors.Result}");
        }
    }

    static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    static string Sanitize(string prefix)
    {
        var name = NotIdentifier().Replace(prefix.ToLowerInvariant(), "_");
        return name.Length == 0 ? "test" : name[..Math.Min(name.Length, 40)];
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotIdentifier();
}

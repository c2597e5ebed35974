using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Arena.Cli;
using Arena.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Arena.LatencyBench;

/// <summary>
/// Times Arena's live path on a real server (Kestrel on a loopback port, SignalR over real WebSockets): from an
/// upload's 202 to the <c>LeaderboardUpdated</c> push that carries its score, and the time to upload and score a
/// 1M-row file against <c>arena score</c> on the same file. See tests/bench/README.md, "Server latency".
/// </summary>
public static class Bench
{
    const string Usage = """
        usage: dotnet run -c Release --project tests/bench/Arena.LatencyBench -- [options]
          --postgres CS          also run on PostgreSQL; CS must be allowed to CREATE DATABASE (a temporary one is made and dropped)
          --rounds N             timed submissions per scenario (default 50)
          --rows N               rows of the small competition (default 10000)
          --big-rows N           rows of the large competition (default 1000000; 0 skips it)
          --pushes-per-second X  also run the back-to-back scenario with Arena:LeaderboardPushesPerSecond = X
        """;

    public static async Task<int> Main(string[] args)
    {
        string? postgres = null;
        int rounds = 50, rows = 10_000, bigRows = 1_000_000;
        double? pushesPerSecond = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--postgres": postgres = Next(); break;
                case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rows": rows = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--big-rows": bigRows = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--pushes-per-second": pushesPerSecond = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        var root = Directory.CreateTempSubdirectory("arena-latency-").FullName;
        try
        {
            Console.WriteLine($"Arena latency bench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {rounds} rounds of {rows:N0} rows, large file {bigRows:N0} rows");
            var bundles = Path.Combine(root, "bundles");
            var small = Data.WriteBundle(Path.Combine(bundles, "latency"), rows, seed: 1);
            var big = bigRows > 0 ? Data.WriteBundle(Path.Combine(bundles, "latency-big"), bigRows, seed: 2) : null;
            var bigSubmission = Path.Combine(root, "big-submission.csv");
            if (big is not null) await File.WriteAllTextAsync(bigSubmission, Data.Submission(big, seed: 3));
            var variants = Enumerable.Range(0, 5).Select(seed => Encoding.UTF8.GetBytes(Data.Submission(small, seed + 10))).ToArray();
            Console.WriteLine($"Data written to {root}: {variants[0].Length / 1024} KB per small submission" + (big is null ? "" : $", {new FileInfo(bigSubmission).Length / (1024 * 1024)} MB for the large one"));

            var modes = new List<(string Name, string? Postgres, double? Pushes)> { ("SQLite", null, null) };
            if (postgres is not null) modes.Add(("PostgreSQL", postgres, null));
            if (pushesPerSecond is { } pps)
            {
                modes.Add(($"SQLite, {pps}/s pushes", null, pps));
                if (postgres is not null) modes.Add(($"PostgreSQL, {pps}/s pushes", postgres, pps));
            }
            var report = new List<string>();
            foreach (var (name, cs, pushes) in modes)
            {
                var withBig = big is not null && pushes is null;
                report.AddRange(await RunModeAsync(name, cs, pushes, root, bundles, variants, rounds, withBig ? bigSubmission : null));
            }
            if (big is not null) report.AddRange(TimeArenaScore(Path.Combine(bundles, "latency-big", "solution.csv"), bigSubmission));

            Console.WriteLine();
            foreach (var line in report) Console.WriteLine(line);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The public scores the server gave the large file, to compare with arena score's.</summary>
    static readonly List<double?> ServerScores = [];

    static async Task<List<string>> RunModeAsync(string mode, string? postgres, double? pushesPerSecond, string root, string bundles,
        byte[][] variants, int rounds, string? bigSubmission)
    {
        Console.WriteLine($"\n== {mode}");
        var data = Directory.CreateDirectory(Path.Combine(root, $"data-{Guid.NewGuid():N}")).FullName;
        var database = postgres is null ? null : await Postgres.CreateDatabaseAsync(postgres);
        var settings = new Dictionary<string, string?>
        {
            ["Arena:Database"] = database is null ? "sqlite" : "postgres",
            ["ConnectionStrings:Postgres"] = database,
            ["Arena:DataDirectory"] = data,
            ["Arena:CompetitionsDirectory"] = bundles,
            ["Arena:Roles"] = "all",
            ["Arena:MigrateOnStart"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // EF logs the probe for a migrations table that does not exist yet as a failed command; it is not one.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
        };
        if (pushesPerSecond is { } pps) settings["Arena:LeaderboardPushesPerSecond"] = pps.ToString(CultureInfo.InvariantCulture);
        var lines = new List<string>();
        try
        {
            await using var server = new ArenaServer(settings);
            server.UseKestrel(0);
            var clock = Stopwatch.StartNew();
            server.StartServer();
            var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            Console.WriteLine($"server at {address}, started (migrations and imports included) in {clock.ElapsedMilliseconds} ms");

            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            var register = await http.PostAsJsonAsync("/api/auth/register", new { userName = "bench", email = "bench@example.org", password = "latency bench password" });
            register.EnsureSuccessStatusCode();
            var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "bench", password = "latency bench password" });
            var token = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            await using var watcher = new Watcher(new Uri(address, ILeaderboardHub.Path), token);
            await watcher.StartAsync();

            foreach (var (scenario, pause) in pushesPerSecond is null
                ? new[] { ("back-to-back", TimeSpan.Zero), ("spaced 300 ms", TimeSpan.FromMilliseconds(300)) }
                : [("back-to-back", TimeSpan.Zero)])
            {
                var timings = await RunRoundsAsync(http, watcher, "latency", variants, rounds, pause);
                lines.Add(Summary($"{mode}, {Rows(variants[0])} rows, {scenario}", timings));
            }
            if (bigSubmission is not null)
            {
                for (var attempt = 1; attempt <= 3; attempt++)
                {
                    // Spaced past the push interval, so that the push is not held back by the previous one.
                    await Task.Delay(300);
                    var big = await TimeOneAsync(http, watcher, "latency-big", () => new StreamContent(File.OpenRead(bigSubmission)));
                    ServerScores.Add(big.PublicScore);
                    lines.Add($"{mode}, {Rows(bigSubmission)} rows, run {attempt}{(attempt == 1 ? " (solution not cached yet)" : "")}: upload {big.Upload:F0} ms, 202 -> scored update {big.ToScored:F0} ms, "
                        + $"202 -> leaderboard push {big.ToPush:F0} ms; total upload + score {big.Upload + big.ToScored:F0} ms");
                }
            }
        }
        finally
        {
            if (database is not null) await Postgres.DropDatabaseAsync(postgres!, database);
        }
        foreach (var line in lines) Console.WriteLine(line);
        return lines;
    }

    sealed record Timing(double Upload, double ToScored, double ToPush, double? PublicScore);

    /// <summary>Three warm-up submissions (JIT, the solution cache), then the timed ones, each waiting for its push.</summary>
    static async Task<List<Timing>> RunRoundsAsync(HttpClient http, Watcher watcher, string slug, byte[][] variants, int rounds, TimeSpan pause)
    {
        var timings = new List<Timing>();
        for (var i = -3; i < rounds; i++)
        {
            var body = variants[(i + 3) % variants.Length];
            var timing = await TimeOneAsync(http, watcher, slug, () => new ByteArrayContent(body));
            if (i >= 0) timings.Add(timing);
            if (pause > TimeSpan.Zero) await Task.Delay(pause);
        }
        return timings;
    }

    /// <summary>
    /// One upload. The push that answers it is the first snapshot of the competition whose version is at least the one
    /// the score makes (each score adds 1, and this is the only submitter) and which counts this submission.
    /// </summary>
    static async Task<Timing> TimeOneAsync(HttpClient http, Watcher watcher, string slug, Func<HttpContent> file)
    {
        var before = await watcher.CurrentAsync(slug);
        var expectedCount = (before.Rows.FirstOrDefault(r => r.DisplayName == "bench")?.SubmissionCount ?? 0) + 1;
        using var form = new MultipartFormDataContent { { file(), "file", "submission.csv" } };
        var start = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync($"/api/competitions/{slug}/submissions", form);
        var accepted = Stopwatch.GetTimestamp();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var id = Guid.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());

        var scored = await watcher.WaitForUpdateAsync(id, "scored");
        var pushed = await watcher.WaitForSnapshotAsync(slug, s => s.Version >= before.Version + 1
            && s.Rows.Any(r => r.DisplayName == "bench" && r.SubmissionCount >= expectedCount));
        return new Timing(Ms(start, accepted), Ms(accepted, scored.At), Ms(accepted, pushed), scored.PublicScore);
    }

    static string Rows(byte[] csv) => (csv.Count(b => b == (byte)'\n') - 1).ToString("N0", CultureInfo.InvariantCulture);

    static string Rows(string csvFile) => (File.ReadLines(csvFile).Count() - 1).ToString("N0", CultureInfo.InvariantCulture);

    static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    static string Summary(string what, List<Timing> timings)
    {
        var push = timings.Select(t => t.ToPush).Order().ToList();
        var scored = timings.Select(t => t.ToScored).Order().ToList();
        var upload = timings.Select(t => t.Upload).Order().ToList();
        var broadcast = timings.Select(t => t.ToPush - t.ToScored).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} (n={push.Count}): 202 -> LeaderboardUpdated p50 {P(push, 0.50):F0} ms, p95 {P(push, 0.95):F0} ms, p99 {P(push, 0.99):F0} ms, max {push[^1]:F0} ms | "
            + $"202 -> own 'scored' update p50 {P(scored, 0.50):F0} ms, scored -> push p50 {P(broadcast, 0.50):F0} ms (max {broadcast[^1]:F0}), upload p50 {P(upload, 0.50):F0} ms");
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    static double P(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary><c>arena score</c> on the large file: in this process through the CLI's own entry point, and as a process when it has been published.</summary>
    static List<string> TimeArenaScore(string solution, string submission)
    {
        var lines = new List<string>();
        string[] arguments = ["score", "--solution", solution, "--submission", submission, "--metric", "auc", "--json"];
        var inProcess = new List<double>();
        double? cliScore = null;
        for (var run = 0; run < 4; run++)
        {
            var output = new StringWriter();
            var clock = Stopwatch.StartNew();
            var code = CommandLine.Run(ArenaCommand.Create(), arguments, output, output);
            if (code != CommandLine.Ok) throw new InvalidOperationException($"arena score exited with {code}: {output}");
            if (run > 0) inProcess.Add(clock.Elapsed.TotalMilliseconds);
            cliScore = JsonNode.Parse(output.ToString())!["public"]!.GetValue<double>();
        }
        lines.Add(ServerScores.All(s => s == cliScore)
            ? $"scores agree: the server's public AUC equals arena score's ({cliScore?.ToString("R", CultureInfo.InvariantCulture)})"
            : $"SCORES DIFFER: server {string.Join(", ", ServerScores)} vs arena score {cliScore}");
        inProcess.Sort();
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"arena score in-process (CommandLine.Run, warm JIT), {Rows(submission)} rows: median {P(inProcess, 0.5):F0} ms of 3 (min {inProcess[0]:F0}, max {inProcess[^1]:F0})"));

        var published = FindPublishedCli();
        if (published is null)
        {
            lines.Add("arena score as a process: not timed (publish it first: bash tests/bench/score-vs-pandas.sh publishes tests/bench/out/arena)");
            return lines;
        }
        var process = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var start = new ProcessStartInfo(published) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            var clock = Stopwatch.StartNew();
            using var child = Process.Start(start)!;
            child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            process.Add(clock.Elapsed.TotalMilliseconds);
        }
        process.Sort();
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"arena score as a process ({published}), {Rows(submission)} rows: median {P(process, 0.5):F0} ms of 3 (min {process[0]:F0}, max {process[^1]:F0})"));
        return lines;
    }

    static string? FindPublishedCli()
    {
        var cli = Path.Combine(RepositoryRoot(), "tests", "bench", "out", "arena", "arena");
        return File.Exists(cli) ? cli : null;
    }

    /// <summary>The folder that holds Arena.sln, above this program's binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Arena.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Arena.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>The real server in this process: Arena.Server's Program, configured by settings, on Kestrel once UseKestrel is called.</summary>
sealed class ArenaServer(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // WebApplicationFactory guesses <solution folder>/Arena.Server; the project lives in src/.
        builder.UseContentRoot(Path.Combine(Bench.RepositoryRoot(), "src", "Arena.Server"));
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}

/// <summary>A signed-in SignalR connection over real WebSockets that timestamps every push as it arrives.</summary>
sealed class Watcher : IAsyncDisposable
{
    readonly HubConnection _connection;
    readonly Lock _lock = new();
    readonly List<(long At, LeaderboardSnapshot Snapshot)> _snapshots = [];
    readonly List<(long At, SubmissionUpdate Update)> _updates = [];
    readonly Dictionary<string, LeaderboardSnapshot> _watched = [];
    readonly SemaphoreSlim _arrived = new(0);

    public Watcher(Uri hub, string token)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(hub, HttpTransportType.WebSockets, options =>
            {
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        _connection.On<LeaderboardSnapshot>(nameof(ILeaderboardClient.LeaderboardUpdated), snapshot =>
        {
            var at = Stopwatch.GetTimestamp();
            lock (_lock) _snapshots.Add((at, snapshot));
            _arrived.Release();
        });
        _connection.On<SubmissionUpdate>(nameof(ILeaderboardClient.SubmissionUpdated), update =>
        {
            var at = Stopwatch.GetTimestamp();
            lock (_lock) _updates.Add((at, update));
            _arrived.Release();
        });
    }

    public Task StartAsync() => _connection.StartAsync();

    /// <summary>The latest snapshot of a competition, watching it first if needed.</summary>
    public async Task<LeaderboardSnapshot> CurrentAsync(string slug)
    {
        if (!_watched.ContainsKey(slug)) _watched[slug] = await _connection.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), slug);
        lock (_lock)
        {
            var pushed = _snapshots.Where(s => s.Snapshot.Competition == slug).Select(s => s.Snapshot).ToList();
            return pushed.Prepend(_watched[slug]).MaxBy(s => s.Version)!;
        }
    }

    public async Task<(long At, double? PublicScore)> WaitForUpdateAsync(Guid id, string status)
    {
        var at = await WaitAsync(() => _updates.Where(u => u.Update.Id == id && u.Update.Status == status).Select(u => (long?)u.At).FirstOrDefault(), $"'{status}' for {id}");
        lock (_lock) return (at, _updates.First(u => u.At == at && u.Update.Id == id).Update.PublicScore);
    }

    public Task<long> WaitForSnapshotAsync(string slug, Func<LeaderboardSnapshot, bool> match) =>
        WaitAsync(() => _snapshots.Where(s => s.Snapshot.Competition == slug && match(s.Snapshot)).Select(s => (long?)s.At).FirstOrDefault(), $"a push of {slug}");

    async Task<long> WaitAsync(Func<long?> find, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_lock)
            {
                if (find() is { } at) return at;
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"no {what} within 2 minutes");
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _arrived.Dispose();
    }
}

static class Data
{
    /// <summary>An AUC bundle with integer ids 1..rows, about 30% positives and 30% Public rows; returns the truth.</summary>
    public static byte[] WriteBundle(string folder, int rows, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var truth = new byte[rows];
        using (var solution = new StreamWriter(Path.Combine(folder, "solution.csv"), false, new UTF8Encoding(false), 1 << 16))
        {
            solution.Write("id,target,Usage\n");
            for (var i = 0; i < rows; i++)
            {
                truth[i] = random.NextDouble() < 0.3 ? (byte)1 : (byte)0;
                solution.Write(string.Create(CultureInfo.InvariantCulture, $"{i + 1},{truth[i]},{(random.NextDouble() < 0.3 ? "Public" : "Private")}\n"));
            }
        }
        File.WriteAllText(Path.Combine(folder, "competition.yaml"), $"""
            title: "Latency, {rows} rows"
            description: "Generated by Arena.LatencyBench."
            metric: auc
            dailySubmissionLimit: 100000
            maxUploadBytes: {256L << 20}
            solution: solution.csv
            """);
        return truth;
    }

    /// <summary>Probabilities with 6 decimals, informative but noisy, rows shuffled (as tests/bench/make_data.py writes them).</summary>
    public static string Submission(byte[] truth, int seed)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, truth.Length).ToArray();
        random.Shuffle(order);
        var text = new StringBuilder("id,target\n", truth.Length * 18);
        foreach (var i in order)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var p = Math.Clamp(0.35 + (0.3 * truth[i]) + (0.2 * normal), 0, 1);
            text.Append(CultureInfo.InvariantCulture, $"{i + 1},{p:F6}\n");
        }
        return text.ToString();
    }
}

static class Postgres
{
    /// <summary>A new, empty database on the given server; the server migrates it at start.</summary>
    public static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = $"arena_bench_{Guid.NewGuid():N}"[..24];
        await using var source = NpgsqlDataSource.Create(server);
        await using var create = source.CreateCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0");
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var source = NpgsqlDataSource.Create(server);
        await using var drop = source.CreateCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}

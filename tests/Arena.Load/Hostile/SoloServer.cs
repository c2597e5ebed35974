using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Arena.Cluster.Tests.Cluster;

namespace Arena.Load.Hostile;

/// <summary>
/// One Arena server on the embedded default (SQLite, scoring in the same process) as its own OS process, through the
/// cluster tests' <see cref="Node"/>: its own data folder, its own temporary folder (TMPDIR, so that whatever it leaves
/// there can be counted) and a log file that holds everything it wrote to standard output and error.
/// </summary>
public sealed class SoloServer : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    readonly string _folder;

    SoloServer(string folder, Node node)
    {
        _folder = folder;
        Node = node;
    }

    public Node Node { get; }
    public Uri Address => Node.Address;
    public string DataDirectory => Path.Combine(_folder, "data");
    public string TempDirectory => Path.Combine(_folder, "tmp");
    public string LogFile => Node.LogFile;

    /// <summary>Starts the server on a free port with the bundles in <paramref name="bundles"/> and waits until it is ready.</summary>
    public static async Task<SoloServer> StartAsync(string name, string bundles, IReadOnlyDictionary<string, string>? extra, CancellationToken cancellation,
        params string[] arguments)
    {
        var folder = Directory.CreateTempSubdirectory($"arena-load-{name}-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "tmp"));
        var environment = new Dictionary<string, string>
        {
            ["Arena__Roles"] = "all",
            ["Arena__Database"] = "sqlite",
            ["Arena__DataDirectory"] = Path.Combine(folder, "data"),
            ["Arena__CompetitionsDirectory"] = bundles,
            ["Arena__WorkerCount"] = "2",
            // Path.GetTempPath() and ASP.NET Core's own buffering folder both read these.
            ["TMPDIR"] = Path.Combine(folder, "tmp"),
            ["ASPNETCORE_TEMP"] = Path.Combine(folder, "tmp"),
            ["DOTNET_gcServer"] = "0",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) environment[key] = value;
        for (var attempt = 1; ; attempt++)
        {
            var node = Node.Start(name, "all", FreePort(), environment, Path.Combine(folder, "server.log"), arguments);
            try
            {
                await node.WaitReadyAsync(StartTimeout, cancellation);
                return new SoloServer(folder, node);
            }
            catch (InvalidOperationException) when (attempt < 3 && node.HasExited
                && File.ReadAllText(node.LogFile).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await node.DisposeAsync();
            }
            catch
            {
                await node.DisposeAsync();
                Directory.Delete(folder, recursive: true);
                throw;
            }
        }
    }

    /// <summary>Resident memory of the server process in MB, from /proc.</summary>
    public double RssMb()
    {
        var line = File.ReadLines($"/proc/{Node.Pid.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>
    /// Files where an upload in flight lives: the data folder's <c>uploads/</c> and the process's temporary folder.
    /// Stored submissions and the database are elsewhere and are not counted.
    /// </summary>
    public HashSet<string> InFlightFiles()
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in (string[])[Path.Combine(DataDirectory, "uploads"), TempDirectory])
            if (Directory.Exists(folder))
                foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)) files.Add(path);
        return files;
    }

    public async Task<bool> ReadyAsync(CancellationToken cancellation)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await probe.GetAsync(new Uri(Address, "/health/ready"), cancellation);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Registers an account (the first one on a server is its admin) and returns a client signed in with its bearer token.</summary>
    public async Task<HttpClient> SignUpAsync(string userName, CancellationToken cancellation)
    {
        var client = Client();
        var password = Password(userName);
        using (var register = await client.PostAsJsonAsync("/api/auth/register", new { userName, email = $"{userName}@example.org", password }, cancellation))
            if (!register.IsSuccessStatusCode) throw new InvalidOperationException($"register {userName}: {(int)register.StatusCode} {await register.Content.ReadAsStringAsync(cancellation)}");
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { userName, password }, cancellation);
        var body = await login.Content.ReadAsStringAsync(cancellation);
        if (!login.IsSuccessStatusCode) throw new InvalidOperationException($"login {userName}: {(int)login.StatusCode} {body}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonNode.Parse(body)!["accessToken"]!.GetValue<string>());
        return client;
    }

    public static string Password(string userName) => $"a long password for {userName}";

    /// <summary>An anonymous client; no automatic redirects, so a page's 302 to the sign-in page is seen as such.</summary>
    public HttpClient Client() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(100) };

    public async ValueTask DisposeAsync()
    {
        await Node.StopAsync(TimeSpan.FromSeconds(10));
        await Node.DisposeAsync();
        if (Environment.GetEnvironmentVariable("ARENA_KEEP_CLUSTER_LOGS") != "1") Directory.Delete(_folder, recursive: true);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

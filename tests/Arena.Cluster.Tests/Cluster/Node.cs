using System.Diagnostics;
using System.Globalization;

namespace Arena.Cluster.Tests.Cluster;

/// <summary>
/// One Arena server as its own OS process (<c>dotnet Arena.Server.dll</c>), configured only by environment variables.
/// Its standard output and error go straight to a log file (through <c>sh -c 'exec …'</c>, so the pid is the server's
/// own and a dying test process leaves no pipe behind); <see cref="Tail"/> quotes it in assertion messages.
/// </summary>
public sealed class Node : IAsyncDisposable
{
    static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    readonly Process _process;

    Node(string name, string roles, Uri address, string logFile, Process process)
    {
        Name = name;
        Roles = roles;
        Address = address;
        LogFile = logFile;
        _process = process;
    }

    public string Name { get; }
    public string Roles { get; }

    /// <summary>Also the Npgsql <c>Application Name</c> of every connection the node opens.</summary>
    public string ApplicationName => Name;
    public Uri Address { get; }
    public string LogFile { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server with exactly these variables on top of a cleaned copy of this process's environment.</summary>
    public static Node Start(string name, string roles, int port, IReadOnlyDictionary<string, string> environment, string logFile, params string[] arguments)
    {
        var command = $"exec dotnet {Quote(ServerBinary.Path)} {string.Join(' ', arguments.Select(Quote))} >>{Quote(logFile)} 2>&1";
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, WorkingDirectory = Path.GetDirectoryName(logFile)! };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        // Nothing inherited may configure the node: only what the test sets below.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("Arena__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Hangfire__", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        File.AppendAllText(logFile, $"--- {name} ({roles}) on port {port}: dotnet Arena.Server.dll {string.Join(' ', arguments)}\n");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        process.StandardInput.Close();
        Orphans.Track(process.Id);
        return new Node(name, roles, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), logFile, process);
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; throws with the log's tail if the process exits or the time runs out.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready.\n{Tail()}");
            try
            {
                using var response = await Probe.GetAsync(new Uri(Address, "/health/ready"), cancellation);
                if (response.IsSuccessStatusCode) return;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
            {
                last = e.Message;
            }
            await Task.Delay(100, cancellation);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:F0} s ({last}).\n{Tail()}");
    }

    /// <summary>Waits for a one-shot run (such as <c>migrate</c>) to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not finish within {timeout.TotalSeconds:F0} s.\n{Tail()}");
        }
        Orphans.Forget(_process.Id);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        Orphans.Forget(_process.Id);
    }

    /// <summary>The exit code of a node that has exited (after <see cref="StopAsync"/>: 0 when it stopped on its own).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>SIGTERM, as an orchestrator stops a node; SIGKILL if it has not exited within the timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await signal.WaitForExitAsync(CancellationToken.None);
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                File.AppendAllText(LogFile, $"--- {Name} ignored SIGTERM for {timeout.TotalSeconds:F0} s; killed\n");
            }
        }
        Kill();
    }

    /// <summary>The last lines of the node's log, headed by its name.</summary>
    public string Tail(int lines = 30)
    {
        var text = File.Exists(LogFile) ? File.ReadLines(LogFile).TakeLast(lines) : [];
        return $"=== {Name} ({Roles}, pid {_process.Id}, {(_process.HasExited ? "exited" : "running")}) {LogFile}\n{string.Join('\n', text)}";
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

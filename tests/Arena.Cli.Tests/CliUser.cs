using Arena.Server.Tests.Hosting;

namespace Arena.Cli.Tests;

public sealed record CliResult(int Exit, string Output, string Error)
{
    public override string ToString() => $"exit {Exit}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// Someone at a shell with the <c>arena</c> command: their own HOME (so their own ~/.config/arena/arena.json), their
/// own environment variables, and every request going to the in-process test server.
/// </summary>
public sealed class CliUser : IDisposable
{
    readonly ArenaApp? _app;

    public CliUser(ArenaApp? app)
    {
        _app = app;
        Home = Directory.CreateTempSubdirectory("arena-cli-home-").FullName;
        Environment["HOME"] = Home;
    }

    /// <summary>The test server's address as the CLI knows it.</summary>
    public const string Url = "http://localhost";

    public string Home { get; }

    /// <summary>The user's environment: HOME, and whatever a test adds (ARENA_URL, ARENA_TOKEN, XDG_CONFIG_HOME).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Pretends standard output is a terminal, which gets Spectre tables instead of plain columns.</summary>
    public bool OutputIsTerminal { get; set; }

    public string ConfigPath => Path.Combine(Environment.GetValueOrDefault("XDG_CONFIG_HOME") ?? Path.Combine(Home, ".config"), "arena", "arena.json");

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs one command, with <paramref name="input"/> as its standard input (not a terminal).</summary>
    public async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        var host = new CliHost
        {
            Input = new StringReader(input),
            Environment = name => Environment.GetValueOrDefault(name),
            Handler = _app is null ? null : () => _app.Server.CreateHandler(),
            PollInterval = TimeSpan.FromMilliseconds(50),
            OutputIsTerminal = OutputIsTerminal,
        };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(ArenaCommand.Create(host), args, output, error, TestContext.Current.CancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Starts a command that runs until stopped (<c>--watch</c>), and stops it as Ctrl+C would once its output satisfies
    /// <paramref name="until"/> (or after a minute).
    /// </summary>
    public async Task<CliResult> RunUntilAsync(Func<string, bool> until, Func<Task>? whileRunning, params string[] args)
    {
        var host = new CliHost
        {
            Input = new StringReader(""),
            Environment = name => Environment.GetValueOrDefault(name),
            Handler = _app is null ? null : () => _app.Server.CreateHandler(),
            OutputIsTerminal = OutputIsTerminal,
        };
        // The command writes from SignalR's threads while the test reads.
        var output = new StringWriter();
        var synchronizedOutput = TextWriter.Synchronized(output);
        var errorText = new StringWriter();
        var error = TextWriter.Synchronized(errorText);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = CommandLine.RunAsync(ArenaCommand.Create(host), args, synchronizedOutput, error, stop.Token);
        if (whileRunning is not null) await whileRunning();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!running.IsCompleted && !until(Text(synchronizedOutput, output)) && DateTime.UtcNow < deadline)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        var exit = await running;
        return new CliResult(exit, Text(synchronizedOutput, output), Text(error, errorText));
    }

    static string Text(TextWriter synchronized, StringWriter inner)
    {
        lock (synchronized) return inner.ToString();
    }

    /// <summary>Registers on the server and signs in through <c>arena login</c>, the password read from standard input.</summary>
    /// <returns>An API client signed in as the same user, for what the CLI does not do (creating a group).</returns>
    public async Task<HttpClient> SignUpAndLoginAsync(string userName, string password = "correct horse battery")
    {
        var client = await _app!.SignUpAsync(userName, password);
        var login = await RunWithInputAsync($"{password}\n", "login", "--url", Url, "--user", userName);
        Assert.True(login.Exit == 0, login.ToString());
        return client;
    }

    /// <summary>Writes a file in the user's home folder and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Home, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Home, recursive: true);
}

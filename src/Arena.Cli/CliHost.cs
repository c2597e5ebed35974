namespace Arena.Cli;

/// <summary>
/// What the process gives the commands besides the output writers: standard input, whether the streams are
/// terminals, the environment and the network. Tests run the commands in-process with their own (a temporary HOME, a
/// test server's handler); the real process uses <see cref="FromProcess"/>.
/// </summary>
public sealed class CliHost
{
    public required TextReader Input { get; init; }

    /// <summary>A terminal gets prompts and a password read without echo; otherwise answers are read as lines.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>A terminal gets Spectre tables and progress bars; otherwise plain columns, and no progress.</summary>
    public bool OutputIsTerminal { get; init; }

    public required Func<string, string?> Environment { get; init; }

    /// <summary>The handler every request goes through; null for the real network.</summary>
    public Func<HttpMessageHandler>? Handler { get; init; }

    /// <summary>How often <c>submit</c> asks whether a submission is scored yet.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public static CliHost FromProcess() => new()
    {
        Input = Console.In,
        InputIsTerminal = !Console.IsInputRedirected,
        OutputIsTerminal = !Console.IsOutputRedirected,
        Environment = System.Environment.GetEnvironmentVariable,
    };
}

namespace Arena.Cli;

/// <summary>
/// A failure the user can act on: its message is printed as one line on stderr (after "arena: ") and the command
/// exits with <see cref="ExitCode"/>. Anything else that escapes a command is a bug, shown in full only with --verbose.
/// </summary>
public sealed class CliException(string message, int exitCode = CommandLine.Invalid, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The HTTP status behind a refusal, for the few callers that tell one refusal from another.</summary>
    public System.Net.HttpStatusCode? Status { get; init; }

    public static CliException Usage(string message) => new(message, CommandLine.UsageError);
}

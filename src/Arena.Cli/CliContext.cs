using System.CommandLine;
using Arena.Cli.Client;
using Arena.Cli.Config;

namespace Arena.Cli;

/// <summary>One invocation: its parse result, its writers, the host, and the configuration it runs with.</summary>
public sealed class CliContext(ParseResult parse, CliHost host)
{
    ConfigFile? _config;

    public ParseResult Parse { get; } = parse;
    public CliHost Host { get; } = host;
    public TextWriter Output => Parse.InvocationConfiguration.Output;
    public TextWriter Error => Parse.InvocationConfiguration.Error;
    public ConfigFile Config => _config ??= new ConfigFile(Host.Environment);

    /// <summary>The effective settings: ARENA_URL and ARENA_TOKEN override the file.</summary>
    public Settings Settings => Settings.Resolve(Config.Load(), Host.Environment);

    /// <summary>A client for the configured server; refuses early when no server is configured.</summary>
    public ArenaClient Connect()
    {
        var settings = Settings;
        if (settings.Url is null)
            throw new CliException($"no server configured: run 'arena login --url URL' or set {Settings.UrlVariable}");
        return new ArenaClient(settings.Url, settings.Token, Host.Handler?.Invoke());
    }
}

public static class CommandExtensions
{
    /// <summary>Runs <paramref name="action"/> with a <see cref="CliContext"/>; its exit code is the command's.</summary>
    public static void SetAction(this Command command, CliHost host, Func<CliContext, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, cancellation) => action(new CliContext(parse, host), cancellation));
}

using System.CommandLine;

namespace Arena.Cli.Config;

/// <summary><c>arena config set|get|unset</c>: the server URL and the default competition.</summary>
public static class ConfigCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("config", "Show or change the stored settings (url, competition)") { Set(host), Get(host), Unset(host) };
        return command;
    }

    static Command Set(CliHost host)
    {
        var name = new Argument<string>("NAME") { Description = "url or competition" };
        name.AcceptOnlyFromAmong("url", "competition");
        var value = new Argument<string>("VALUE");
        var command = new Command("set", "Store a setting, e.g. 'arena config set competition titanic'") { name, value };
        command.SetAction(host, (context, _) =>
        {
            var stored = context.Config.Load();
            var text = context.Parse.GetRequiredValue(value).Trim();
            context.Config.Save(context.Parse.GetRequiredValue(name) == "url"
                ? stored with { Url = Settings.ParseUrl(text).AbsoluteUri }
                : stored with { Competition = text });
            context.Output.WriteLine($"{context.Parse.GetRequiredValue(name)} = {text}");
            return Task.FromResult(CommandLine.Ok);
        });
        return command;
    }

    static Command Unset(CliHost host)
    {
        var name = new Argument<string>("NAME") { Description = "url, competition or token" };
        name.AcceptOnlyFromAmong("url", "competition", "token");
        var command = new Command("unset", "Remove a stored setting") { name };
        command.SetAction(host, (context, _) =>
        {
            var stored = context.Config.Load();
            context.Config.Save(context.Parse.GetRequiredValue(name) switch
            {
                "url" => stored with { Url = null },
                "token" => stored with { Token = null },
                _ => stored with { Competition = null },
            });
            return Task.FromResult(CommandLine.Ok);
        });
        return command;
    }

    /// <summary>
    /// With a name, prints just the value (for scripts: <c>curl -H "Authorization: Bearer $(arena config get token)"</c>);
    /// without, every setting and where it came from. The token itself is shown only when asked for by name.
    /// </summary>
    static Command Get(CliHost host)
    {
        var name = new Argument<string?>("NAME") { Description = "url, competition or token; all settings when omitted", Arity = ArgumentArity.ZeroOrOne };
        name.AcceptOnlyFromAmong("url", "competition", "token");
        var command = new Command("get", "Show the settings in effect") { name };
        command.SetAction(host, (context, _) =>
        {
            var settings = context.Settings;
            var one = context.Parse.GetValue(name);
            if (one is not null)
            {
                var value = one switch { "url" => settings.Url?.AbsoluteUri, "token" => settings.Token, _ => settings.Competition };
                if (value is null) throw new CliException($"{one} is not set");
                context.Output.WriteLine(value);
                return Task.FromResult(CommandLine.Ok);
            }
            context.Output.WriteLine($"url          {settings.Url?.AbsoluteUri ?? "(not set)"}{Source(settings.Url, settings.UrlSource)}");
            context.Output.WriteLine($"token        {(settings.Token is null ? "(not set)" : "set")}{Source(settings.Token, settings.TokenSource)}");
            context.Output.WriteLine($"competition  {settings.Competition ?? "(not set)"}");
            context.Output.WriteLine($"file         {context.Config.Path}");
            return Task.FromResult(CommandLine.Ok);
        });
        return command;
    }

    static string Source(object? value, string source) => value is null || source == "file" ? "" : $"  (from {source})";
}

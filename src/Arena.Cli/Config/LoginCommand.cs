using System.CommandLine;
using Arena.Cli.Client;

namespace Arena.Cli.Config;

/// <summary><c>arena login</c> and <c>arena logout</c>: the token that every other verb sends.</summary>
public static class LoginCommand
{
    sealed record LoginAnswer(string AccessToken);

    public static Command Login(CliHost host)
    {
        var url = new Option<string?>("--url") { Description = "the server, e.g. http://localhost:5000 (default: ARENA_URL, then the stored one)" };
        var user = new Option<string?>("--user", "-u") { Description = "your user name (asked for when missing)" };
        var token = new Option<string?>("--token") { Description = "store this bearer token (a personal API token) instead of signing in with a password" };
        var command = new Command("login", "Sign in to an Arena server and store the token (~/.config/arena/arena.json, mode 600)") { url, user, token };
        command.SetAction(host, (context, cancellation) =>
            LoginAsync(context, context.Parse.GetValue(url), context.Parse.GetValue(user), context.Parse.GetValue(token), cancellation));
        return command;
    }

    public static Command Logout(CliHost host)
    {
        var command = new Command("logout", "Forget the stored token (the server and default competition are kept)");
        command.SetAction(host, (context, _) => Task.FromResult(Logout(context)));
        return command;
    }

    static async Task<int> LoginAsync(CliContext context, string? urlText, string? userName, string? token, CancellationToken cancellation)
    {
        var stored = context.Config.Load();
        urlText ??= context.Host.Environment(Settings.UrlVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : stored.Url;
        if (urlText is null) throw CliException.Usage("which server? pass --url URL, e.g. arena login --url http://localhost:5000");
        var url = Settings.ParseUrl(urlText);

        if (token is not null)
        {
            token = token.Trim();
            using var client = new ArenaClient(url, token, context.Host.Handler?.Invoke());
            // Any signed-in route proves the token; the caller's group list is small and has no side effects.
            await client.GetTextAsync("api/groups", new Refusals("the server has no such route; is this an Arena server?",
                Unauthorized: $"{url} refused this token: check it, or sign in with your user name and password"), cancellation);
        }
        else
        {
            userName ??= Prompts.Ask(context, "user name");
            var password = Prompts.Ask(context, "password", secret: true);
            using var client = new ArenaClient(url, null, context.Host.Handler?.Invoke());
            var answer = await client.PostJsonAsync<LoginAnswer>("api/auth/login", new { userName, password },
                new Refusals("the server has no sign-in route; is this an Arena server?", Unauthorized: "the user name or password is wrong"), cancellation);
            token = answer.AccessToken;
        }

        var sameServer = stored.Url is not null && Settings.ParseUrl(stored.Url) == url;
        context.Config.Save(new StoredConfig(url.AbsoluteUri, token, sameServer ? stored.Competition : null));
        context.Output.WriteLine(userName is null
            ? $"Stored the token for {url} in {context.Config.Path}"
            : $"Signed in to {url} as {userName}; the token is stored in {context.Config.Path}");
        WarnAboutEnvironment(context);
        return CommandLine.Ok;
    }

    static int Logout(CliContext context)
    {
        var stored = context.Config.Load();
        if (stored.Token is null)
        {
            context.Output.WriteLine($"Not signed in: no token is stored in {context.Config.Path}");
        }
        else
        {
            context.Config.Save(stored with { Token = null });
            context.Output.WriteLine($"Signed out of {stored.Url}: the token was removed from {context.Config.Path}");
        }
        WarnAboutEnvironment(context);
        return CommandLine.Ok;
    }

    static void WarnAboutEnvironment(CliContext context)
    {
        if (context.Host.Environment(Settings.TokenVariable) is { Length: > 0 })
            context.Error.WriteLine($"arena: note: {Settings.TokenVariable} is set and overrides the stored token");
    }
}

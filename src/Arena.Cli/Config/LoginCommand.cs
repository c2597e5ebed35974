using System.CommandLine;
using Arena.Cli.Client;

namespace Arena.Cli.Config;

/// <summary><c>arena login</c> and <c>arena logout</c>: the token that every other verb sends.</summary>
public static class LoginCommand
{
    sealed record LoginAnswer(string AccessToken);

    sealed record CreatedToken(int Id, string Token);

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
        command.SetAction(host, (context, cancellation) => LogoutAsync(context, cancellation));
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
            // Listing one's tokens proves the token and has no side effects.
            await client.GetTextAsync("api/tokens", new Refusals("the server has no such route; is this an Arena server?",
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

        int? tokenId = null;
        if (userName is not null)
        {
            // The sign-in token lasts a week; what is stored is a personal API token made with it, which lasts until
            // logout revokes it (and shows up, revocable, in GET /api/tokens).
            using var client = new ArenaClient(url, token, context.Host.Handler?.Invoke());
            var created = await client.PostJsonAsync<CreatedToken>("api/tokens", new { name = $"arena CLI on {System.Environment.MachineName}" },
                new Refusals("the server cannot make personal tokens; is it an older Arena?"), cancellation);
            (token, tokenId) = (created.Token, created.Id);
        }
        var sameServer = stored.Url is not null && Settings.ParseUrl(stored.Url) == url;
        context.Config.Save(new StoredConfig(url.AbsoluteUri, token, sameServer ? stored.Competition : null, tokenId));
        context.Output.WriteLine(userName is null
            ? $"Stored the token for {url} in {context.Config.Path}"
            : $"Signed in to {url} as {userName}; the token is stored in {context.Config.Path}");
        WarnAboutEnvironment(context);
        return CommandLine.Ok;
    }

    /// <summary>A personal token that login made is revoked on the server too; the local copy goes either way.</summary>
    static async Task<int> LogoutAsync(CliContext context, CancellationToken cancellation)
    {
        var stored = context.Config.Load();
        if (stored.Token is null)
        {
            context.Output.WriteLine($"Not signed in: no token is stored in {context.Config.Path}");
        }
        else
        {
            var revoked = stored.TokenId is { } id && stored.Url is not null && await TryRevokeAsync(context, Settings.ParseUrl(stored.Url), stored.Token, id, cancellation);
            context.Config.Save(stored with { Token = null, TokenId = null });
            context.Output.WriteLine($"Signed out of {stored.Url}: the token was {(revoked ? "revoked on the server and " : "")}removed from {context.Config.Path}");
        }
        WarnAboutEnvironment(context);
        return CommandLine.Ok;
    }

    static async Task<bool> TryRevokeAsync(CliContext context, Uri url, string token, int id, CancellationToken cancellation)
    {
        try
        {
            using var client = new ArenaClient(url, token, context.Host.Handler?.Invoke());
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/tokens/{id}"), new Refusals("the token is already gone"), cancellation);
            return true;
        }
        catch (CliException e)
        {
            context.Error.WriteLine($"arena: note: the token could not be revoked on the server ({e.Message}); revoke it later with GET/DELETE /api/tokens");
            return false;
        }
    }

    static void WarnAboutEnvironment(CliContext context)
    {
        if (context.Host.Environment(Settings.TokenVariable) is { Length: > 0 })
            context.Error.WriteLine($"arena: note: {Settings.TokenVariable} is set and overrides the stored token");
    }
}

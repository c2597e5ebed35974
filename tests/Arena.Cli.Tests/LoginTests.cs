using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cli.Tests;

/// <summary><c>arena login</c>, <c>logout</c> and <c>config</c>: where the token is kept and what overrides it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LoginTests(SharedApps apps) : IClassFixture<SharedApps>
{
    const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Login_reads_the_user_and_password_from_stdin_and_stores_the_token_with_mode_600(Provider provider)
    {
        var app = await apps.For(provider);
        var name = $"stdin-{provider}";
        await app.SignUpAsync(name);
        using var user = new CliUser(app);

        var login = await user.RunWithInputAsync($"{name}\ncorrect horse battery\n", "login", "--url", CliUser.Url);

        Assert.True(login.Exit == 0, login.ToString());
        Assert.Contains($"Signed in to http://localhost/ as {name}", login.Output, StringComparison.Ordinal);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(user.ConfigPath));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(user.ConfigPath)!));
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(user.ConfigPath, TestContext.Current.CancellationToken))!;
        Assert.Equal("http://localhost/", (string?)stored["url"]);
        // What is kept is a personal API token that the sign-in made, not the week-long sign-in token.
        Assert.StartsWith("arena_", (string?)stored["token"], StringComparison.Ordinal);
        var limits = await user.RunAsync("c", "limits", "binary");
        Assert.True(limits.Exit == 0, limits.ToString());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_wrong_password_is_one_line_and_stores_nothing(Provider provider)
    {
        var app = await apps.For(provider);
        await app.SignUpAsync($"wrong-{provider}");
        using var user = new CliUser(app);

        var login = await user.RunWithInputAsync("not my password\n", "login", "--url", CliUser.Url, "--user", $"wrong-{provider}");

        Assert.Equal(new CliResult(1, "", "arena: the user name or password is wrong\n"), login);
        Assert.False(File.Exists(user.ConfigPath));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Login_with_a_token_checks_it_and_honours_XDG_CONFIG_HOME(Provider provider)
    {
        var app = await apps.For(provider);
        await app.SignUpAsync($"token-{provider}");
        var token = await app.TokenAsync($"token-{provider}");
        using var user = new CliUser(app);
        user.Environment["XDG_CONFIG_HOME"] = Path.Combine(user.Home, "xdg");

        var bogus = await user.RunAsync("login", "--url", CliUser.Url, "--token", "arena_not-a-real-token");
        Assert.Equal(1, bogus.Exit);
        Assert.Equal("arena: http://localhost/ refused this token: check it, or sign in with your user name and password\n", bogus.Error);
        Assert.False(File.Exists(user.ConfigPath));

        var login = await user.RunAsync("login", "--url", CliUser.Url, "--token", token);
        Assert.True(login.Exit == 0, login.ToString());
        Assert.StartsWith(Path.Combine(user.Home, "xdg", "arena"), user.ConfigPath, StringComparison.Ordinal);
        Assert.Equal(token, (string?)JsonNode.Parse(await File.ReadAllTextAsync(user.ConfigPath, TestContext.Current.CancellationToken))!["token"]);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(user.ConfigPath));
        Assert.Equal(token + "\n", (await user.RunAsync("config", "get", "token")).Output);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task ARENA_URL_and_ARENA_TOKEN_override_the_file(Provider provider)
    {
        var app = await apps.For(provider);
        await app.SignUpAsync($"env-{provider}");
        using var user = new CliUser(app);
        user.Environment["ARENA_URL"] = CliUser.Url;
        user.Environment["ARENA_TOKEN"] = await app.TokenAsync($"env-{provider}");

        // No file at all: the environment is enough.
        var limits = await user.RunAsync("c", "limits", "binary");
        Assert.True(limits.Exit == 0, limits.ToString());
        Assert.False(File.Exists(user.ConfigPath));

        await user.RunAsync("config", "set", "url", "http://elsewhere.example:5000");
        var settings = await user.RunAsync("config", "get");
        Assert.Contains("url          http://localhost/  (from ARENA_URL)", settings.Output, StringComparison.Ordinal);
        Assert.Contains("token        set  (from ARENA_TOKEN)", settings.Output, StringComparison.Ordinal);

        // A revoked or bogus token in the environment wins over a good one in the file: one line, no stack trace.
        user.Environment["ARENA_TOKEN"] = "arena_revoked";
        var refused = await user.RunAsync("c", "limits", "binary");
        Assert.Equal(new CliResult(1, "", "arena: not signed in or the token was revoked: run arena login\n"), refused);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Logout_revokes_the_token_on_the_server_so_a_copy_of_it_gets_401(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        await user.SignUpAndLoginAsync($"revoke-{provider}");
        var token = (string)JsonNode.Parse(await File.ReadAllTextAsync(user.ConfigPath, TestContext.Current.CancellationToken))!["token"]!;
        Assert.Equal(0, (await user.RunAsync("c", "limits", "binary")).Exit);

        var logout = await user.RunAsync("logout");

        Assert.Contains("revoked on the server", logout.Output, StringComparison.Ordinal);
        user.Environment["ARENA_TOKEN"] = token;
        Assert.Equal(new CliResult(1, "", "arena: not signed in or the token was revoked: run arena login\n"), await user.RunAsync("c", "limits", "binary"));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Logout_forgets_the_token_and_keeps_the_server_and_default_competition(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        await user.SignUpAndLoginAsync($"logout-{provider}");
        Assert.Equal(0, (await user.RunAsync("config", "set", "competition", "binary")).Exit);

        var logout = await user.RunAsync("logout");

        Assert.True(logout.Exit == 0, logout.ToString());
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(user.ConfigPath, TestContext.Current.CancellationToken))!;
        Assert.Null(stored["token"]);
        Assert.Equal(("http://localhost/", "binary"), ((string?)stored["url"], (string?)stored["competition"]));
        Assert.Equal(new CliResult(1, "", "arena: not signed in: run arena login (or set ARENA_TOKEN)\n"), await user.RunAsync("c", "limits"));
        // Public data needs no token.
        Assert.Equal(0, (await user.RunAsync("c", "files")).Exit);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_default_competition_stands_in_for_the_slug(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        await user.SignUpAndLoginAsync($"default-{provider}");

        var missing = await user.RunAsync("c", "files");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("which competition?", missing.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await user.RunAsync("config", "set", "competition", "binary")).Exit);
        Assert.Equal("binary\n", (await user.RunAsync("config", "get", "competition")).Output);
        var files = await user.RunAsync("c", "files");
        Assert.True(files.Exit == 0, files.ToString());
        Assert.Contains("sample_submission.csv", files.Output, StringComparison.Ordinal);
        // Kaggle's older -c flag and the positional slug both win over the default.
        var labels = await user.RunAsync("c", "download", "-c", "labels", "-f", "test.csv", "-p", user.Home);
        Assert.True(labels.Exit == 0, labels.ToString());
        Assert.Contains("a5,5", await File.ReadAllTextAsync(Path.Combine(user.Home, "test.csv"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_unknown_competition_is_one_line_naming_it(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        await user.SignUpAndLoginAsync($"missing-{provider}");

        foreach (var verb in new[] { "files", "leaderboard", "submissions", "limits" })
        {
            Assert.Equal(new CliResult(1, "", "arena: no competition 'nope' (or it is not visible to you)\n"), await user.RunAsync("c", verb, "nope"));
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_and_the_stack_trace_needs_verbose()
    {
        using var user = new CliUser(app: null);
        user.Environment["ARENA_URL"] = "http://127.0.0.1:1";

        var quiet = await user.RunAsync("c", "list");
        var verbose = await user.RunAsync("c", "list", "--verbose");

        Assert.Equal(new CliResult(1, "", "arena: cannot reach http://127.0.0.1:1: connection refused\n"), quiet);
        Assert.Equal(1, verbose.Exit);
        Assert.StartsWith("arena: cannot reach http://127.0.0.1:1: connection refused\n", verbose.Error, StringComparison.Ordinal);
        Assert.Contains("   at ", verbose.Error, StringComparison.Ordinal);
    }
}

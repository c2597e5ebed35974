using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cli.Tests;

/// <summary><c>arena c leaderboard</c>: --show, --csv, --download and --json, with the reference rows.</summary>
public sealed class LeaderboardTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Show_csv_and_download_carry_ranks_scores_and_reference_rows(Provider provider)
    {
        var app = await apps.For(provider);
        using var user = new CliUser(app);
        var name = $"+leader-{provider}";
        var api = await user.SignUpAndLoginAsync(name);
        await api.WaitForResultAsync(await api.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission()));
        var snapshot = (await api.GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!;
        var mine = snapshot["rows"]!.AsArray().Single(r => (string?)r!["displayName"] == name)!;
        var rank = mine["rank"]!.GetValue<int>();
        var score = mine["score"]!.GetValue<double>();
        var folder = Path.Combine(user.Home, "boards");

        var show = await user.RunAsync("c", "leaderboard", "binary", "--show");
        var csv = await user.RunAsync("c", "leaderboard", "binary", "--csv");
        var download = await user.RunAsync("c", "leaderboard", "binary", "--download", "-p", folder);
        var json = await user.RunAsync("c", "leaderboard", "binary", "--json");

        Assert.True(show.Exit == 0, show.ToString());
        var lines = show.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^rank +displayName +score +kind +submissionCount +lastSubmittedAt$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            $@"^{rank} +{System.Text.RegularExpressions.Regex.Escape(name)} +{score.ToString("G6", CultureInfo.InvariantCulture)} +participant +1 +\d{{4}}-"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^- +Study group +0.75 +human +0 +-$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^- +Benchmark file +[0-9.]+ +benchmark +"));
        Assert.Matches(@"^\d+ participants?, \d+ beating the human reference", lines[^1]);

        Assert.True(csv.Exit == 0, csv.ToString());
        var rows = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rank,displayName,score,kind,submissionCount,lastSubmittedAt", rows[0]);
        Assert.Equal(snapshot["rows"]!.AsArray().Count, rows.Length - 1);
        // A display name starting with '+' cannot become a spreadsheet formula.
        Assert.Contains(rows, r => r.StartsWith($"{rank},\"'{name}\",{score.ToString("R", CultureInfo.InvariantCulture)},participant,1,", StringComparison.Ordinal));
        Assert.Contains(",\"Study group\",0.75,human,0,", csv.Output, StringComparison.Ordinal);

        var saved = Path.Combine(folder, "binary-leaderboard.csv");
        Assert.Equal(new CliResult(0, $"Leaderboard saved to {saved}\n", ""), download);
        Assert.Equal(csv.Output, await File.ReadAllTextAsync(saved, Cancellation));
        Assert.Equal("binary", (string?)JsonNode.Parse(json.Output)!["competition"]);
    }

    /// <summary>Another user's score reaches a watching terminal over SignalR, marked as a new entry.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Watch_shows_another_users_score_the_moment_it_lands(Provider provider)
    {
        var app = await apps.For(provider);
        using var watcher = new CliUser(app);
        await watcher.SignUpAndLoginAsync($"watcher-{provider}");
        var other = await app.SignUpAsync($"newcomer-{provider}");

        var watched = await watcher.RunUntilAsync(
            output => output.Split('\n').Any(line => line.Contains($"newcomer-{provider}", StringComparison.Ordinal)),
            async () =>
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
                await other.WaitForResultAsync(await other.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 1)));
            },
            "c", "leaderboard", "binary", "--watch");

        Assert.True(watched.Exit == 0, watched.ToString());
        Assert.Contains("Watching binary live", watched.Error, StringComparison.Ordinal);
        var tables = watched.Output.Split("binary (public), version", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(tables.Length >= 2, watched.ToString());
        Assert.DoesNotContain($"newcomer-{provider}", tables[0], StringComparison.Ordinal);
        var row = tables[^1].Split('\n').Single(line => line.Contains($"newcomer-{provider}", StringComparison.Ordinal));
        Assert.Contains("new", row, StringComparison.Ordinal);
        Assert.Contains(tables[^1].Split('\n'), line => line.Contains("Study group", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_names_a_competition_that_does_not_exist()
    {
        var app = await apps.For(Provider.Sqlite);
        using var watcher = new CliUser(app);
        watcher.Environment["ARENA_URL"] = CliUser.Url;

        var result = await watcher.RunUntilAsync(_ => false, null, "c", "leaderboard", "no-such-competition", "--watch");

        Assert.Equal(new CliResult(1, "", "arena: no competition 'no-such-competition' (or it is not visible to you)\n"), result);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_private_view_is_refused_until_revealed_and_needs_no_sign_in_when_public(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        user.Environment["ARENA_URL"] = CliUser.Url;

        var hidden = await user.RunAsync("c", "leaderboard", "binary", "--private");
        var anonymous = await user.RunAsync("c", "leaderboard", "binary");

        Assert.Equal(new CliResult(1, "", "arena: forbidden: The private leaderboard is revealed at the deadline.\n"), hidden);
        Assert.True(anonymous.Exit == 0, anonymous.ToString());
        Assert.Contains("Study group", anonymous.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_terminal_gets_a_drawn_table_and_a_pipe_gets_plain_columns(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        user.Environment["ARENA_URL"] = CliUser.Url;

        var piped = await user.RunAsync("c", "leaderboard", "binary");
        user.OutputIsTerminal = true;
        var terminal = await user.RunAsync("c", "leaderboard", "binary");

        Assert.DoesNotContain("│", piped.Output, StringComparison.Ordinal);
        Assert.Equal(0, terminal.Exit);
        // Headers are bold; the table is as wide as the console allows (80 columns here, so long headers wrap).
        var text = System.Text.RegularExpressions.Regex.Replace(terminal.Output, "\u001b\\[[0-9;]*m", "");
        Assert.StartsWith("╭─", text, StringComparison.Ordinal);
        Assert.Matches(@"│ rank +│ displayName +│ score +│ kind +│", text);
        Assert.Matches(@"│ - +│ Study group +│ 0\.75 +│ human +│", text);
    }
}

using System.Text.RegularExpressions;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Humans;
using Arena.Server.Tests.Infrastructure;
using static Arena.Server.Tests.Humans.HumanLeaderboardSteps;

namespace Arena.Cli.Tests;

/// <summary>
/// <c>arena c leaderboard</c> on a competition with a measured human study (the <c>humans</c> bundle, its own server):
/// the human row's interval and protocol, and each participant's figure on the human items, as the page writes them.
/// </summary>
public sealed class HumanLeaderboardTests(PostgresCluster cluster) : IAsyncDisposable
{
    readonly string _bundles = HumanBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_table_shows_the_human_interval_and_each_participants_figure_on_the_public_human_items()
    {
        var app = await ArenaApp.StartAsync(Provider.Sqlite, cluster, _bundles);
        try
        {
            await ShowsTheHumanFiguresAsync(app);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static async Task ShowsTheHumanFiguresAsync(ArenaApp app)
    {
        await app.SignUpAsync("admin");
        using var user = new CliUser(app);
        var api = await user.SignUpAndLoginAsync("perfect");
        await api.WaitForResultAsync(await api.SubmitAcceptedAsync(Slug, Submission(_ => true)));
        var given = await (await app.SignUpAsync("annotator")).AnswerTestItemsAsync(20, i => i % 2 == 1);
        var expected = Expected(given, IsPublic, _ => true, "public");

        var show = await user.RunAsync("c", "leaderboard", Slug, "--csv");

        Assert.True(show.Exit == 0, show.ToString());
        var lines = show.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rank,displayName,score,kind,submissionCount,lastSubmittedAt,interval,onHumanItems", lines[0]);
        var human = Assert.Single(lines, l => l.Contains(",human,", StringComparison.Ordinal));
        Assert.Matches(new Regex(@",""?\[0\.\d+, 0\.\d+\] " + given.Count + @" items · 1 annotator · meanOfIndividuals · provisional""?,"), human);
        Assert.Matches(new Regex(@",""?\d+\.\d% \[\d+\.\d, \d+\.\d\]""?$"), human);
        var mine = Assert.Single(lines, l => l.Contains("perfect", StringComparison.Ordinal));
        var figure = $"100.0% vs {expected.HumanScore * 100:0.0}% · ";
        Assert.Contains(figure, mine, StringComparison.Ordinal);
    }
}

using System.Text.RegularExpressions;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Humans;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using static Arena.Server.Tests.Humans.HumanLeaderboardSteps;

namespace Arena.Browser.Tests;

/// <summary>
/// The measured human row on the live leaderboard of the <c>humans</c> bundle (its own server: the shared site has no
/// study): answers given through the API reach an open page with the human row's interval and the participant's
/// "on the human items" figure beside it, without a reload.
/// </summary>
public sealed class HumanLeaderboardTests(PostgresCluster cluster, Chromium chromium) : IAsyncDisposable
{
    readonly string _bundles = HumanBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_human_row_with_its_interval_and_a_participants_figure_appear_live()
    {
        var app = await ArenaApp.StartAsync(Provider.Sqlite, cluster, _bundles, realPort: true);
        try
        {
            await app.SignUpAsync("admin");
            var perfect = await app.SignUpAsync("perfect");
            await perfect.WaitForResultAsync(await perfect.SubmitAcceptedAsync(Slug, Submission(_ => true)));
            await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString().TrimEnd('/') });
            var page = await context.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
            await page.GotoAsync($"/c/{Slug}/leaderboard");
            await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");
            var rows = page.GetByTestId("leaderboard-rows");
            await Assertions.Expect(rows.Locator("tr[data-kind='human']")).ToHaveCountAsync(0);

            var given = await (await app.SignUpAsync("annotator")).AnswerTestItemsAsync(20, i => i % 2 == 1);

            var human = rows.Locator("tr[data-kind='human']");
            await Assertions.Expect(human).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(human).ToHaveClassAsync(new Regex(@"\breference\b"));
            await Assertions.Expect(human.Locator("td.rank")).ToHaveTextAsync("");
            await Assertions.Expect(human.GetByTestId("human-interval")).ToHaveTextAsync(new Regex(@"^\[0\.\d+, 0\.\d+\]$"));
            await Assertions.Expect(human.GetByTestId("human-protocol")).ToHaveAttributeAsync("href", $"/c/{Slug}/human-study/protocol");
            await Assertions.Expect(human.Locator("[data-badge='provisional']")).ToBeVisibleAsync();
            await Assertions.Expect(human).ToContainTextAsync($"{given.Count} items · 1 annotator · meanOfIndividuals");
            var publicCount = given.Keys.Count(IsPublic);
            await Assertions.Expect(page.GetByTestId("human-items-heading")).ToHaveTextAsync($"On {publicCount} public human items");
            var expected = Expected(given, IsPublic, _ => true, "public");
            var figure = rows.Locator("tr[data-name='perfect']").GetByTestId("on-human-items");
            await Assertions.Expect(figure).ToContainTextAsync("100.0% vs ");
            await Assertions.Expect(figure).ToHaveAttributeAsync("data-beats", expected.BeatsHumans ? "true" : "false");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "arena-human-leaderboard.png"), FullPage = true });
            Assert.Empty(errors);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

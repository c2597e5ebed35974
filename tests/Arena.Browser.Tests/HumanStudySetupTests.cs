using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Humans;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

/// <summary>
/// An organizer sets up a human-baseline study from the Manage tab (the <c>humans-api</c> competition has none): a
/// refused setting is shown with the field the API names, a good one shows the study, and its protocol card follows.
/// </summary>
public sealed class HumanStudySetupTests(PostgresCluster cluster, Chromium chromium) : IAsyncDisposable
{
    const string Slug = "humans-api";
    readonly string _bundles = HumanBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task An_organizer_sets_up_a_study_from_the_manage_tab_and_reads_its_protocol_card()
    {
        var app = await ArenaApp.StartAsync(Provider.Sqlite, cluster, _bundles, realPort: true);
        try
        {
            await app.SignUpAsync("admin");
            await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.Address.ToString().TrimEnd('/') });
            var page = await context.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await page.GotoAsync("/account/signin");
            await page.GetByLabel("User name").FillAsync("admin");
            await page.GetByLabel("Password").FillAsync("correct horse battery");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != "/account/signin");

            await page.GotoAsync($"/c/{Slug}/manage");
            var section = page.GetByTestId("manage-human-study");
            await section.GetByLabel("Test items to sample").FillAsync("60000000");
            await section.GetByTestId("create-study").ClickAsync();
            await Assertions.Expect(section.Locator("[role=alert]")).ToContainTextAsync("'sample'");

            await section.GetByLabel("Test items to sample").FillAsync("50");
            await section.GetByLabel("Time limit per item").FillAsync("30");
            await section.GetByLabel("Sampling seed").FillAsync("11");
            await section.GetByTestId("create-study").ClickAsync();
            await Assertions.Expect(page.GetByTestId("study-status")).ToHaveTextAsync("open (provisional: fewer than 200 items)");
            await Assertions.Expect(page.GetByTestId("study-facts")).ToContainTextAsync("50 test items, 10 practice items");

            await page.GetByRole(AriaRole.Link, new() { Name = "Protocol card and results" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("protocol-seed")).ToHaveTextAsync("11");
            await Assertions.Expect(page.GetByTestId("protocol-aggregation")).ToHaveTextAsync("meanOfIndividuals");
            await Assertions.Expect(page.GetByTestId("protocol-card")).ToContainTextAsync("30 s per item");
            await Assertions.Expect(page.GetByTestId("protocol-score")).ToHaveTextAsync("No answers yet.");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Human study" })).ToBeVisibleAsync();
            Assert.True(errors.Count == 1 && errors[0].Contains("400", StringComparison.Ordinal), "Console errors: " + string.Join(" | ", errors));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

using System.Net.Http.Headers;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class HomeTests(WebSite site) : IClassFixture<WebSite>
{
    [Fact]
    public async Task The_home_page_shows_my_rank_and_filters_by_open_and_mine()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("ranker");
        var api = site.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await site.App.TokenAsync("ranker", Visitor.Password));
        var id = await api.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());
        await api.WaitForResultAsync(id);

        await visitor.Page.GotoAsync("/");
        var list = visitor.Page.GetByTestId("competition-list");
        var binary = list.GetByRole(AriaRole.Listitem).Filter(new() { Has = visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Test binary", Exact = true }) });
        await Assertions.Expect(binary).ToContainTextAsync("Your rank#1");
        await Assertions.Expect(binary).ToContainTextAsync("Participants1");

        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Mine" }).ClickAsync();
        await Assertions.Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Assertions.Expect(list).ToContainTextAsync("Test binary");

        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
        await Assertions.Expect(list).Not.ToContainTextAsync("Test closed");
        await Assertions.Expect(list).ToContainTextAsync("Test binary");
        await visitor.ScreenshotAsync("home-open-filter");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Deadlines_count_down_in_the_browser()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.Page.GotoAsync("/");
        var deadline = visitor.Page.GetByTestId("competition-list").GetByRole(AriaRole.Listitem)
            .Filter(new() { HasText = "Test deadline" }).Locator("time[data-countdown]");
        await Assertions.Expect(deadline).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ d \d+ h left$"));
        visitor.AssertNoConsoleErrors();
    }
}

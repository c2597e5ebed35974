using System.Net.Http.Json;
using Arena.Browser.Tests.Browser;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class OverviewTests(WebSite site) : IClassFixture<WebSite>
{
    [Fact]
    public async Task Markdown_with_script_is_shown_as_text_and_never_runs()
    {
        const string hostile = """
            # Welcome <script>window.pwned = 1</script>

            <img src="x" onerror="window.pwned = 2">

            [click me](javascript:window.pwned=3) and [the rules](https://example.org/rules)

            | column | meaning |
            |---|---|
            | id | the row |
            """;
        var patched = await site.Admin.PatchAsJsonAsync("/api/competitions/labels", new { overview = hostile }, TestContext.Current.CancellationToken);
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        await using var visitor = await site.OpenAsync();
        await visitor.Page.GotoAsync("/c/labels");
        var overview = visitor.Page.GetByTestId("overview");
        await Assertions.Expect(overview.GetByRole(AriaRole.Heading, new() { Name = "Welcome <script>window.pwned = 1</script>" })).ToBeVisibleAsync();
        await Assertions.Expect(overview.Locator("script, img[onerror]")).ToHaveCountAsync(0);
        await Assertions.Expect(overview.GetByRole(AriaRole.Link, new() { Name = "click me" })).Not.ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("javascript", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Assertions.Expect(overview.GetByRole(AriaRole.Link, new() { Name = "the rules" })).ToHaveAttributeAsync("href", "https://example.org/rules");
        await Assertions.Expect(overview.Locator("table")).ToBeVisibleAsync();
        await overview.GetByRole(AriaRole.Link, new() { Name = "click me" }).ClickAsync();

        Assert.Null(await visitor.Page.EvaluateAsync<int?>("() => window.pwned ?? null"));
        await visitor.ScreenshotAsync("overview-hostile-markdown");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_competition_that_does_not_exist_is_a_not_found_page()
    {
        await using var visitor = await site.OpenAsync();
        var response = await visitor.Page.GotoAsync("/c/no-such-competition");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_overview_works_at_phone_width_without_horizontal_scrolling()
    {
        await using var visitor = await site.OpenAsync(phone: true);
        await visitor.Page.GotoAsync("/c/binary");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Test binary" })).ToBeVisibleAsync();
        var overflow = await visitor.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page is wider than a phone screen.");
        await visitor.ScreenshotAsync("overview-phone");
        visitor.AssertNoConsoleErrors();
    }
}

using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Arena.Server.Web;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class DataTests(WebSite site) : IClassFixture<WebSite>
{
    [Fact]
    public async Task The_data_tab_lists_the_public_files_with_sizes_and_working_links()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.Page.GotoAsync("/c/binary/data");
        var files = visitor.Page.GetByTestId("files");
        var sample = files.Locator("tr[data-file='sample_submission.csv']");
        await Assertions.Expect(sample).ToBeVisibleAsync();
        await Assertions.Expect(files.Locator("tr[data-file='test.csv']")).ToBeVisibleAsync();
        await Assertions.Expect(files).Not.ToContainTextAsync("solution");

        var expected = TestBundles.BinarySubmission(value: _ => "0.5");
        await Assertions.Expect(sample.GetByTestId("file-size")).ToHaveTextAsync(PageFormat.Bytes(expected.Length));
        var link = sample.GetByRole(AriaRole.Link, new() { Name = "sample_submission.csv" });
        Assert.Equal("/api/competitions/binary/files/sample_submission.csv", await link.GetAttributeAsync("href"));
        var download = await visitor.Page.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
        Assert.Equal(200, download.Status);
        Assert.Equal(expected, await download.TextAsync());

        await Assertions.Expect(visitor.Page.GetByTestId("submission-header")).ToHaveTextAsync("id,target");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Data" })).ToHaveAttributeAsync("aria-current", "page");
        await visitor.ScreenshotAsync("data");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_submission_format_names_the_columns_and_never_a_hidden_label()
    {
        await using var visitor = await site.OpenAsync(phone: true);
        await visitor.Page.GotoAsync("/c/labels/data");
        await Assertions.Expect(visitor.Page.GetByTestId("submission-header")).ToHaveTextAsync("id,label");
        Assert.DoesNotContain(TestBundles.CanaryLabel, await visitor.Page.ContentAsync(), StringComparison.Ordinal);
        var overflow = await visitor.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page is wider than a phone screen.");
        await visitor.ScreenshotAsync("data-phone");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_competition_that_does_not_exist_has_no_data_page()
    {
        await using var visitor = await site.OpenAsync();
        var response = await visitor.Page.GotoAsync("/c/no-such-competition/data");
        Assert.Equal(404, response!.Status);
    }
}

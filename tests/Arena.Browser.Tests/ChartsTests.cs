using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class ChartsTests(WebSite site) : IClassFixture<WebSite>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    static async Task<JsonObject> DataAsync(IPage page, string slug)
    {
        var response = await page.APIRequest.GetAsync($"/c/{slug}/charts?handler=data");
        Assert.Equal(200, response.Status);
        return JsonNode.Parse(await response.TextAsync())!.AsObject();
    }

    [Fact]
    public async Task Progression_then_after_the_reveal_the_shake_up_scatter()
    {
        await ShakeUp.SubmitAsync(site.App, "deadline", "chart-lead", "chart-runner");
        // A second, better submission makes a step; a sanctioned participant never appears.
        var runner = await site.App.SignUpAsync("chart-late-bloomer");
        await runner.WaitForResultAsync(await runner.SubmitAcceptedAsync("deadline", TestBundles.BinarySubmission(swaps: 3)));
        await runner.WaitForResultAsync(await runner.SubmitAcceptedAsync("deadline", TestBundles.BinarySubmission(swaps: 1)));
        var cheat = await site.App.SignUpAsync("chart-cheat");
        await cheat.WaitForResultAsync(await cheat.SubmitAcceptedAsync("deadline", TestBundles.BinarySubmission()));
        var hidden = await site.Admin.PostAsJsonAsync("/api/competitions/deadline/participants/chart-cheat/sanction",
            new { kind = "hidden", reason = "shared a solution" }, Cancellation);
        Assert.True(hidden.IsSuccessStatusCode, await hidden.Content.ReadAsStringAsync(Cancellation));

        await using var visitor = await site.OpenAsync();
        await visitor.Page.GotoAsync("/c/deadline/charts");
        await Assertions.Expect(visitor.Page.GetByTestId("progress-chart")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("shake-up-chart")).ToHaveCountAsync(0);
        await WaitForChartAsync(visitor.Page, "progress-chart");

        var before = await DataAsync(visitor.Page, "deadline");
        Assert.False(before["revealed"]!.GetValue<bool>());
        Assert.Null(before["shakeUp"]);
        Assert.DoesNotContain("private", before.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var names = before["progress"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["chart-lead", "chart-runner", "chart-late-bloomer"], names);
        var bloomer = before["progress"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "chart-late-bloomer")!;
        var steps = bloomer["points"]!.AsArray().Select(p => p!["score"]!.GetValue<double>()).ToList();
        Assert.True(steps.Count >= 2 && steps[^1] > steps[0], $"the running best did not rise: {string.Join(", ", steps)}");
        var references = before["references"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("human", references);
        // No user ids, only names.
        Assert.DoesNotContain("userId", before.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(visitor.Page.GetByTestId("progress-table")).ToContainTextAsync("chart-late-bloomer");
        await Assertions.Expect(visitor.Page.GetByTestId("progress-table")).Not.ToContainTextAsync("chart-cheat");
        await visitor.ScreenshotAsync("charts-before-reveal");

        await ShakeUp.RevealAsync(site.Admin, "deadline");
        await visitor.Page.ReloadAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("shake-up-chart")).ToBeVisibleAsync();
        await WaitForChartAsync(visitor.Page, "progress-chart");
        await WaitForChartAsync(visitor.Page, "shake-up-chart");
        var after = await DataAsync(visitor.Page, "deadline");
        var lead = after["shakeUp"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "chart-lead")!;
        Assert.Equal(1.0, lead["publicScore"]!.GetValue<double>());
        Assert.Equal(0.0, lead["privateScore"]!.GetValue<double>());
        Assert.Equal(1, lead["publicRank"]!.GetValue<int>());
        Assert.True(lead["shakeUp"]!.GetValue<int>() < 0);
        Assert.DoesNotContain("chart-cheat", after.ToJsonString(), StringComparison.Ordinal);
        await visitor.Page.GetByTestId("shake-up-table").Locator("summary").ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("shake-up-table").Locator("tr", new() { HasText = "chart-lead" })).ToContainTextAsync("-");
        await visitor.ScreenshotAsync("charts-after-reveal");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_data_follows_the_page_visibility()
    {
        await using var visitor = await site.OpenAsync();
        var missing = await visitor.Page.APIRequest.GetAsync("/c/no-such-competition/charts?handler=data");
        Assert.Equal(404, missing.Status);
        await visitor.Page.GotoAsync("/c/labels/charts");
        await Assertions.Expect(visitor.Page.GetByTestId("progress-empty")).ToBeVisibleAsync();
        var data = await DataAsync(visitor.Page, "labels");
        Assert.Empty(data["progress"]!.AsArray());
        visitor.AssertNoConsoleErrors();
    }

    /// <summary>Chart.js registers each chart it drew on its canvas.</summary>
    static async Task WaitForChartAsync(IPage page, string testId) =>
        await page.WaitForFunctionAsync($"() => {{ const c = document.querySelector('[data-testid=\"{testId}\"]'); return !!(c && window.Chart && Chart.getChart(c)); }}");
}

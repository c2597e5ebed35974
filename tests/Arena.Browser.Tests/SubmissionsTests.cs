using System.Net.Http.Json;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class SubmissionsTests(WebSite site) : IClassFixture<WebSite>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Signs up through the page and submits through the API as the same user; returns the ids, oldest first.</summary>
    async Task<(Visitor Visitor, List<Guid> Ids)> WithScoredSubmissionsAsync(string userName, int count, string slug = "binary", bool phone = false)
    {
        var visitor = await site.OpenAsync(phone);
        await visitor.SignUpAsync(userName);
        var api = await site.ApiAsAsync(userName);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = await api.SubmitAcceptedAsync(slug, TestBundles.BinarySubmission(swaps: i));
            Assert.Equal("scored", (await api.WaitForResultAsync(id))["status"]!.GetValue<string>());
            ids.Add(id);
        }
        return (visitor, ids);
    }

    static ILocator Row(Visitor visitor, Guid id) => visitor.Page.Locator($"tr[data-submission='{id}']");

    static ILocator Final(Visitor visitor, Guid id) => Row(visitor, id).GetByRole(AriaRole.Checkbox);

    [Fact]
    public async Task Final_choices_are_toggled_on_the_page_persist_after_reload_and_the_limit_shows_the_apis_message()
    {
        var (visitor, ids) = await WithScoredSubmissionsAsync("subs-select", 3);
        await using var _ = visitor;
        await visitor.Page.GotoAsync("/c/binary/submissions");
        var rows = visitor.Page.GetByTestId("submissions").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        // Newest first.
        Assert.Equal(ids[2].ToString(), await rows.First.GetAttributeAsync("data-submission"));
        await Assertions.Expect(Row(visitor, ids[1]).Locator("[data-public-score]"))
            .ToHaveTextAsync(SubmitSteps.Score(SubmitSteps.PublicAuc(TestBundles.BinarySubmission(swaps: 1))));

        await Final(visitor, ids[0]).CheckAsync();
        await Final(visitor, ids[1]).CheckAsync();
        await Assertions.Expect(visitor.Page.Locator("[data-selected-count]")).ToHaveTextAsync("2");
        await Final(visitor, ids[2]).ClickAsync();
        var problem = visitor.Page.GetByTestId("select-problem");
        await Assertions.Expect(problem).ToContainTextAsync("You have already chosen 2 final submissions; unselect one first.");
        await Assertions.Expect(Final(visitor, ids[2])).Not.ToBeCheckedAsync();
        await visitor.ScreenshotAsync("submissions-selection-limit");

        await visitor.Page.ReloadAsync();
        await Assertions.Expect(Final(visitor, ids[0])).ToBeCheckedAsync();
        await Assertions.Expect(Final(visitor, ids[1])).ToBeCheckedAsync();
        await Assertions.Expect(Final(visitor, ids[2])).Not.ToBeCheckedAsync();

        await Final(visitor, ids[0]).UncheckAsync();
        await Assertions.Expect(visitor.Page.Locator("[data-selected-count]")).ToHaveTextAsync("1");
        await visitor.Page.ReloadAsync();
        await Assertions.Expect(Final(visitor, ids[0])).Not.ToBeCheckedAsync();
        await Assertions.Expect(Final(visitor, ids[1])).ToBeCheckedAsync();
        // Before the reveal there is no private score anywhere on the page.
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Private" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(await visitor.Page.ContentAsync(), "privateScore", StringComparison.OrdinalIgnoreCase);
        // The page gives the request its anti-forgery header, and failures are shown on the page, not in the console
        // (Chromium logs the 409 answer itself as a failed load).
        Assert.All(visitor.ConsoleErrors, e => Assert.Contains("the server responded with a status of 409", e));
    }

    [Fact]
    public async Task Another_users_submission_is_not_on_my_page_and_the_api_answers_404_for_it_from_my_session()
    {
        var (visitor, mine) = await WithScoredSubmissionsAsync("subs-mine", 1);
        await using var _ = visitor;
        var other = await site.App.SignUpAsync("subs-other");
        var theirs = await other.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());

        await visitor.Page.GotoAsync("/c/binary/submissions");
        await Assertions.Expect(visitor.Page.GetByTestId("submissions").Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(visitor, mine[0])).ToBeVisibleAsync();
        await Assertions.Expect(Row(visitor, theirs)).ToHaveCountAsync(0);

        const string status = "async id => (await fetch(`/api/submissions/${id}`, { headers: { Accept: 'application/json' } })).status";
        Assert.Equal(200, await visitor.Page.EvaluateAsync<int>(status, mine[0].ToString()));
        Assert.Equal(404, await visitor.Page.EvaluateAsync<int>(status, theirs.ToString()));
    }

    [Fact]
    public async Task A_failed_submission_lists_its_first_errors_with_line_numbers_and_folds_the_rest()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("subs-errors");
        var api = await site.ApiAsAsync("subs-errors");
        // Ids 1 to 5 are not numbers: lines 2 to 6.
        var id = await api.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(value: i => i <= 5 ? $"bad{i}" : "0.5"));
        Assert.Equal("failed", (await api.WaitForResultAsync(id))["status"]!.GetValue<string>());

        await visitor.Page.GotoAsync("/c/binary/submissions");
        var row = Row(visitor, id);
        await Assertions.Expect(row.Locator("[data-status-text]")).ToHaveTextAsync("failed");
        var shown = row.Locator("ul[data-errors] > li");
        await Assertions.Expect(shown).ToHaveCountAsync(3);
        await Assertions.Expect(shown.First).ToContainTextAsync("Line 2");
        await Assertions.Expect(row.GetByRole(AriaRole.Checkbox)).ToBeDisabledAsync();
        var more = row.Locator("details");
        await Assertions.Expect(more.Locator("summary")).ToHaveTextAsync("2 more errors");
        await Assertions.Expect(more.Locator("li").Last).Not.ToBeVisibleAsync();
        await more.Locator("summary").ClickAsync();
        await Assertions.Expect(more.Locator("li").Last).ToContainTextAsync("Line 6");
        await visitor.ScreenshotAsync("submissions-errors");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task After_the_deadline_late_rows_are_marked_and_final_choices_are_closed_at_phone_width()
    {
        var (visitor, ids) = await WithScoredSubmissionsAsync("subs-late", 1, slug: "closed", phone: true);
        await using var _ = visitor;
        await visitor.Page.GotoAsync("/c/closed/submissions");
        await Assertions.Expect(visitor.Page.GetByTestId("selection-rule")).ToContainTextAsync("Final choices closed at the deadline.");
        await Assertions.Expect(Row(visitor, ids[0]).GetByText("late", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(Final(visitor, ids[0])).ToBeDisabledAsync();
        var overflow = await visitor.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page is wider than a phone screen (tables scroll inside .table-wrap).");
        await visitor.ScreenshotAsync("submissions-phone");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Once_the_private_leaderboard_is_revealed_the_private_score_is_shown()
    {
        // Swapping ids 1 to 10 reaches into the Private rows (7 to 18), so the two scores differ.
        var csv = TestBundles.BinarySubmission(swaps: 5);
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("subs-reveal");
        var api = await site.ApiAsAsync("subs-reveal");
        var id = await api.SubmitAcceptedAsync("deadline", csv);
        await api.WaitForResultAsync(id);

        await visitor.Page.GotoAsync("/c/deadline/submissions");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Private" })).ToHaveCountAsync(0);
        var revealed = await site.Admin.PostAsJsonAsync("/api/competitions/deadline/reveal", new { }, Cancellation);
        Assert.True(revealed.IsSuccessStatusCode, await revealed.Content.ReadAsStringAsync(Cancellation));

        await visitor.Page.ReloadAsync();
        var header = visitor.Page.GetByRole(AriaRole.Columnheader, new() { Name = "Private" });
        await Assertions.Expect(header).ToHaveCountAsync(1);
        var column = await header.EvaluateAsync<int>("th => th.cellIndex");
        var expected = SubmitSteps.Auc(csv, "Private");
        Assert.NotEqual(SubmitSteps.Score(expected), SubmitSteps.Score(SubmitSteps.PublicAuc(csv)));
        await Assertions.Expect(Row(visitor, id).Locator("td").Nth(column)).ToHaveTextAsync(SubmitSteps.Score(expected));
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        await using var visitor = await site.OpenAsync();
        foreach (var path in new[] { "/c/binary/submit", "/c/binary/submissions" })
        {
            await visitor.Page.GotoAsync(path);
            Assert.Equal("/account/signin", new Uri(visitor.Page.Url).AbsolutePath);
        }
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class SubmitTests(WebSite site) : IClassFixture<WebSite>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_up_open_a_competition_submit_a_file_through_the_page_and_see_the_progress_bar_and_the_score()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("submit-happy");
        await visitor.Page.GotoAsync("/c/binary");
        await visitor.Page.GetByRole(AriaRole.Navigation, new() { Name = "Competition" }).GetByRole(AriaRole.Link, new() { Name = "Submit" }).ClickAsync();
        await visitor.WaitForPathAsync(path => path == "/c/binary/submit", "submit-tab");
        await Assertions.Expect(visitor.Page.GetByTestId("ledger")).ToContainTextAsync("5 of 5 submissions left today");

        var csv = TestBundles.BinarySubmission(swaps: 1);
        await visitor.ChooseAsync(SubmitSteps.Csv(csv));
        await visitor.Page.GetByLabel("Description").FillAsync("one swapped pair");
        await visitor.SubmitButton().ClickAsync();

        var progress = visitor.Page.GetByTestId("upload-progress");
        await Assertions.Expect(progress).ToBeVisibleAsync();
        await visitor.Page.WaitForFunctionAsync("() => { const p = document.getElementById('upload-progress'); return p.value === p.max; }");
        await Assertions.Expect(visitor.Status()).ToHaveTextAsync("scored", new() { Timeout = 60_000 });

        // The status came over the hub, signed in by the page's cookie, not only from polling.
        await Assertions.Expect(visitor.Page.Locator("[data-result]")).ToHaveAttributeAsync("data-pushed", "scored");
        await Assertions.Expect(visitor.Page.Locator("[data-live-state]")).ToHaveTextAsync("The status updates live.");
        // The score shown is the server's, and the server's is AUC on the Public rows, worked out independently.
        var expected = SubmitSteps.PublicAuc(csv);
        Assert.InRange(expected, 0.01, 0.99);
        await Assertions.Expect(visitor.Page.GetByTestId("submission-score")).ToHaveTextAsync(SubmitSteps.Score(expected));
        var api = await site.ApiAsAsync("submit-happy");
        var own = await api.GetFromJsonAsync<JsonArray>("/api/competitions/binary/submissions", Cancellation);
        var stored = Assert.Single(own!)!;
        Assert.Equal("one swapped pair", stored["description"]!.GetValue<string>());
        Assert.Equal(SubmitSteps.Score(stored["publicScore"]!.GetValue<double>()), SubmitSteps.Score(expected));

        await Assertions.Expect(visitor.Page.GetByTestId("ledger")).ToContainTextAsync("4 of 5 submissions left today");
        await visitor.ScreenshotAsync("submit-scored");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task An_invalid_files_errors_are_listed_with_line_numbers_and_a_failed_file_is_refunded()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("submit-invalid");
        await visitor.Page.GotoAsync("/c/binary/submit");
        // Line 1 is the header, so id 2 is on line 3; the duplicate id 5 is the last line (22).
        var csv = TestBundles.BinarySubmission(value: id => id == 2 ? "not-a-number" : "0.5") + "5,0.5\n";
        await visitor.ChooseAsync(SubmitSteps.Csv(csv, "broken.csv"));

        await visitor.ValidateButton().ClickAsync();
        var errors = visitor.Page.GetByTestId("file-errors");
        await Assertions.Expect(errors).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(errors).ToContainTextAsync("Nothing was stored or counted");
        await Assertions.Expect(errors.Locator("li").Filter(new() { HasTextString = "Line 3" })).ToContainTextAsync("id '2'");
        await Assertions.Expect(errors.Locator("li").Filter(new() { HasTextString = "Line 22" })).ToContainTextAsync("'5'");
        await Assertions.Expect(visitor.Page.GetByTestId("ledger")).ToContainTextAsync("5 of 5 submissions left today");
        await visitor.ScreenshotAsync("submit-validate-errors");

        await visitor.SubmitButton().ClickAsync();
        await Assertions.Expect(visitor.Status()).ToHaveTextAsync("failed", new() { Timeout = 60_000 });
        await Assertions.Expect(errors).ToContainTextAsync("does not count against your limit");
        await Assertions.Expect(errors.Locator("li").Filter(new() { HasTextString = "Line 3" })).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("ledger")).ToContainTextAsync("5 of 5 submissions left today");
        await visitor.ScreenshotAsync("submit-failed");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Validate_only_reports_a_good_file_and_does_not_use_the_daily_limit()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("submit-validate");
        await visitor.Page.GotoAsync("/c/binary/submit");
        await visitor.ChooseAsync(SubmitSteps.Csv(TestBundles.BinarySubmission()));
        await visitor.ValidateButton().ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("validation-ok")).ToContainTextAsync("The file is valid");
        await Assertions.Expect(visitor.Page.GetByTestId("submission-status")).Not.ToBeVisibleAsync();

        var api = await site.ApiAsAsync("submit-validate");
        var limits = await api.GetFromJsonAsync<JsonObject>("/api/competitions/binary/limits", Cancellation);
        Assert.Equal(0, limits!["used"]!.GetValue<int>());
        Assert.Empty((await api.GetFromJsonAsync<JsonArray>("/api/competitions/binary/submissions", Cancellation))!);
        await Assertions.Expect(visitor.Page.GetByTestId("ledger")).ToContainTextAsync("5 of 5 submissions left today");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Tiny_limit_a_large_file_is_refused_as_too_large_and_the_third_upload_of_the_day_as_over_the_limit()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("submit-tiny");
        await visitor.Page.GotoAsync("/c/tiny-limit/submit");
        var problem = visitor.Page.GetByTestId("submit-problem");

        var large = SubmitSteps.Csv("id,target\n" + string.Concat(Enumerable.Repeat("1,0.5\n", 600)), "large.csv");
        Assert.True(large.Buffer.Length > 2048);
        await visitor.ChooseAsync(large);
        await visitor.SubmitButton().ClickAsync();
        await Assertions.Expect(problem).ToContainTextAsync("The file is too large: this competition accepts files up to 2 KB");

        // The page checks the size before uploading; without that check the server's 413 reads the same.
        await visitor.Page.EvaluateAsync("() => { document.getElementById('submit-form').dataset.maxBytes = ''; }");
        var refused = await visitor.Page.RunAndWaitForResponseAsync(
            () => visitor.SubmitButton().ClickAsync(), r => r.Url.EndsWith("/api/competitions/tiny-limit/submissions", StringComparison.Ordinal));
        Assert.Equal(413, refused.Status);
        await Assertions.Expect(problem).ToContainTextAsync("The file is too large: this competition accepts files up to 2 KB");
        await Assertions.Expect(visitor.Page.GetByTestId("ledger")).ToContainTextAsync("2 of 2 submissions left today");

        for (var i = 1; i <= 2; i++)
        {
            await visitor.ChooseAsync(SubmitSteps.Csv(TestBundles.BinarySubmission(swaps: i)));
            await visitor.SubmitButton().ClickAsync();
            await Assertions.Expect(visitor.Page.GetByTestId("ledger")).ToContainTextAsync($"{2 - i} of 2 submissions left today");
            await Assertions.Expect(problem).ToBeHiddenAsync();
        }
        await visitor.ChooseAsync(SubmitSteps.Csv(TestBundles.BinarySubmission()));
        var limited = await visitor.Page.RunAndWaitForResponseAsync(
            () => visitor.SubmitButton().ClickAsync(), r => r.Url.EndsWith("/api/competitions/tiny-limit/submissions", StringComparison.Ordinal));
        Assert.Equal(429, limited.Status);
        Assert.NotNull(await limited.HeaderValueAsync("retry-after"));
        await Assertions.Expect(problem).ToContainTextAsync("Daily limit reached: you have used all 2 submissions for today");
        await Assertions.Expect(problem).ToContainTextAsync("You can submit again after");
        await visitor.ScreenshotAsync("submit-daily-limit");
        // Chromium reports the refused uploads themselves (413, 429) as failed loads; nothing else may be in the console.
        Assert.All(visitor.ConsoleErrors, e => Assert.Contains("the server responded with a status of 4", e));
    }

    [Fact]
    public async Task A_file_dropped_on_the_drop_zone_is_submitted_at_phone_width()
    {
        await using var visitor = await site.OpenAsync(phone: true);
        await visitor.SignUpAsync("submit-drop");
        await visitor.Page.GotoAsync("/c/binary/submit");
        await visitor.Page.EvaluateAsync("""
            csv => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
              const zone = document.querySelector('[data-dropzone]');
              zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
              zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, TestBundles.BinarySubmission());
        await Assertions.Expect(visitor.Page.Locator("[data-chosen]")).ToContainTextAsync("dropped.csv");
        await visitor.SubmitButton().ClickAsync();
        await Assertions.Expect(visitor.Status()).ToHaveTextAsync("scored", new() { Timeout = 60_000 });
        await Assertions.Expect(visitor.Page.GetByTestId("submission-score")).ToHaveTextAsync(SubmitSteps.Score(SubmitSteps.PublicAuc(TestBundles.BinarySubmission())));

        var overflow = await visitor.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page is wider than a phone screen.");
        await visitor.ScreenshotAsync("submit-phone");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_disqualified_participant_reads_the_reason()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("submit-banned");
        var sanctioned = await site.Admin.PostAsJsonAsync("/api/competitions/binary/participants/submit-banned/sanction",
            new { kind = "disqualified", reason = "shared accounts" }, Cancellation);
        Assert.True(sanctioned.IsSuccessStatusCode, await sanctioned.Content.ReadAsStringAsync(Cancellation));

        await visitor.Page.GotoAsync("/c/binary/submit");
        await visitor.ChooseAsync(SubmitSteps.Csv(TestBundles.BinarySubmission()));
        await visitor.SubmitButton().ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("submit-problem")).ToHaveTextAsync("You are disqualified from this competition: shared accounts");
        Assert.All(visitor.ConsoleErrors, e => Assert.Contains("the server responded with a status of 403", e));
    }

    [Fact]
    public async Task A_closed_competition_says_uploads_are_scored_as_late_ones()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("submit-late");
        await visitor.Page.GotoAsync("/c/closed/submit");
        await Assertions.Expect(visitor.Page.GetByTestId("late-notice")).ToContainTextAsync("never enters the leaderboard");
        await visitor.ChooseAsync(SubmitSteps.Csv(TestBundles.BinarySubmission()));
        await visitor.SubmitButton().ClickAsync();
        await Assertions.Expect(visitor.Status()).ToHaveTextAsync("scored", new() { Timeout = 60_000 });
        await Assertions.Expect(visitor.Page.Locator("[data-late]")).ToBeVisibleAsync();
        visitor.AssertNoConsoleErrors();
    }
}

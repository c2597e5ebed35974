using System.Text.RegularExpressions;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class LeaderboardTests(WebSite site) : IClassFixture<WebSite>
{
    static ILocator Row(IPage page, string name) => page.GetByTestId("leaderboard-rows").Locator($"tr[data-name='{name}']");

    [Fact]
    public async Task A_watcher_sees_a_new_score_appear_without_a_reload_within_two_seconds()
    {
        await using var watcher = await site.OpenAsync();
        await watcher.Page.GotoAsync("/c/binary/leaderboard");
        await Assertions.Expect(watcher.Page.GetByTestId("live-status")).ToHaveTextAsync("live");

        // The human reference row: no rank, styled as a reference, with its source.
        var human = watcher.Page.GetByTestId("leaderboard-rows").Locator("tr[data-kind='human']");
        await Assertions.Expect(human).ToHaveClassAsync(new Regex(@"\breference\b"));
        await Assertions.Expect(human).Not.ToHaveClassAsync(new Regex(@"\bparticipant\b"));
        await Assertions.Expect(human.Locator("td.rank")).ToHaveTextAsync("");
        await Assertions.Expect(human.Locator("td.score")).ToHaveTextAsync("0.75");
        await Assertions.Expect(human).ToContainTextAsync("Declared for the tests.");
        Assert.Null(await human.GetAttributeAsync("data-rank"));
        await Assertions.Expect(Row(watcher.Page, "live-alice")).ToHaveCountAsync(0);
        // The snapshot Watch returns matches the server's rendering, so nothing is highlighted.
        await Assertions.Expect(watcher.Page.GetByTestId("leaderboard-rows").Locator("tr.flash")).ToHaveCountAsync(0);
        var navigations = 0;
        watcher.Page.FrameNavigated += (_, frame) => { if (frame == watcher.Page.MainFrame) navigations++; };

        var alice = await site.App.SignUpAsync("live-alice");
        var id = await alice.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());
        var result = await alice.WaitForResultAsync(id);
        Assert.Equal("scored", result["status"]!.GetValue<string>());

        var row = Row(watcher.Page, "live-alice");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 2000 });
        await Assertions.Expect(row).ToHaveClassAsync(new Regex(@"\bflash\b"));
        await Assertions.Expect(row).ToHaveAttributeAsync("data-rank", "1");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-delta", "new");
        await Assertions.Expect(row.Locator("td.move")).ToHaveTextAsync("new");
        await Assertions.Expect(row.Locator("[data-badge='beats-human']")).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("td.score")).ToHaveTextAsync("1");
        await Assertions.Expect(watcher.Page.GetByTestId("summary-participants")).Not.ToHaveTextAsync("0");
        Assert.Equal(0, navigations);
        await watcher.ScreenshotAsync("leaderboard-live");

        // A worse score enters below her: she keeps her place, and her movement reads as unchanged.
        var bob = await site.App.SignUpAsync("live-bob");
        await bob.WaitForResultAsync(await bob.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 1)));
        await Assertions.Expect(Row(watcher.Page, "live-bob")).ToHaveAttributeAsync("data-delta", "new", new() { Timeout = 2000 });
        await Assertions.Expect(Row(watcher.Page, "live-bob")).ToHaveClassAsync(new Regex(@"\bflash\b"));
        await Assertions.Expect(Row(watcher.Page, "live-alice")).ToHaveAttributeAsync("data-delta", "0");
        await Assertions.Expect(Row(watcher.Page, "live-alice")).Not.ToHaveClassAsync(new Regex(@"\bflash\b"));
        await Assertions.Expect(Row(watcher.Page, "live-alice").Locator("td.move")).ToHaveTextAsync("–");
        watcher.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_display_name_with_markup_is_shown_as_text()
    {
        const string name = "<img src=x onerror=window.pwned=1>";
        await using var watcher = await site.OpenAsync();
        await watcher.Page.GotoAsync("/c/tiny-limit/leaderboard");
        await Assertions.Expect(watcher.Page.GetByTestId("live-status")).ToHaveTextAsync("live");

        // The hostile text arrives as a reference row's name and source, which organizers type freely.
        var added = await site.Admin.PostAsync("/api/competitions/tiny-limit/references", System.Net.Http.Json.JsonContent.Create(
            new { kind = "benchmark", name, score = 0.6, source = "<b>bold?</b>" }), TestContext.Current.CancellationToken);
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // Adding a reference row pushes the leaderboard, so it arrives through the script's rendering first.
        var rows = watcher.Page.GetByTestId("leaderboard-rows");
        await Assertions.Expect(rows.Locator("tr[data-kind='benchmark'] .who", new() { HasText = name })).ToBeVisibleAsync(new() { Timeout = 5000 });
        await Assertions.Expect(rows.Locator("tr[data-kind='benchmark'] .source", new() { HasText = "<b>bold?</b>" })).ToBeVisibleAsync();
        await Assertions.Expect(rows.Locator("img, b")).ToHaveCountAsync(0);
        Assert.Null(await watcher.Page.EvaluateAsync<int?>("() => window.pwned ?? null"));

        // The server's rendering of the same rows is as safe.
        await watcher.Page.ReloadAsync();
        await Assertions.Expect(rows.Locator("tr[data-kind='benchmark'] .who", new() { HasText = name })).ToBeVisibleAsync();
        await Assertions.Expect(rows.Locator("img, b")).ToHaveCountAsync(0);
        watcher.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task After_the_reveal_the_private_view_shows_the_shake_up_and_before_it_there_is_no_private_view()
    {
        await ShakeUp.SubmitAsync(site.App, "deadline", "shake-lead", "shake-runner");
        await using var visitor = await site.OpenAsync();
        await visitor.Page.GotoAsync("/c/deadline/leaderboard");
        await Assertions.Expect(visitor.Page.GetByTestId("live-status")).ToHaveTextAsync("live");
        await Assertions.Expect(visitor.Page.GetByTestId("view-toggle")).ToBeHiddenAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Private leaderboard" })).ToHaveCountAsync(0);
        await Assertions.Expect(Row(visitor.Page, "shake-lead")).ToHaveAttributeAsync("data-rank", "1");
        await Assertions.Expect(Row(visitor.Page, "shake-runner")).ToHaveAttributeAsync("data-rank", "2");
        await Assertions.Expect(visitor.Page.GetByTestId("frozen")).ToBeHiddenAsync();

        await ShakeUp.RevealAsync(site.Admin, "deadline");
        // The reveal is pushed: the toggle appears without a reload.
        await Assertions.Expect(visitor.Page.GetByTestId("view-toggle")).ToBeVisibleAsync();
        await visitor.Page.ReloadAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("view-toggle")).ToBeVisibleAsync();
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Private leaderboard" }).ClickAsync();

        var table = visitor.Page.GetByTestId("leaderboard-table");
        await Assertions.Expect(table).ToHaveAttributeAsync("data-view", "private");
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync("Shake-up");
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync("Public rank");
        await Assertions.Expect(Row(visitor.Page, "shake-runner")).ToHaveAttributeAsync("data-rank", "1");
        await Assertions.Expect(Row(visitor.Page, "shake-runner")).ToHaveAttributeAsync("data-shake-up", "1");
        await Assertions.Expect(Row(visitor.Page, "shake-runner").GetByTestId("shake-up")).ToHaveTextAsync("▲ 1");
        await Assertions.Expect(Row(visitor.Page, "shake-lead")).ToHaveAttributeAsync("data-rank", "2");
        await Assertions.Expect(Row(visitor.Page, "shake-lead")).ToHaveAttributeAsync("data-shake-up", "-1");
        await Assertions.Expect(Row(visitor.Page, "shake-lead").GetByTestId("shake-up")).ToHaveTextAsync("▼ 1");
        await Assertions.Expect(Row(visitor.Page, "shake-lead").Locator("td.score")).ToHaveTextAsync("0");
        // The human row shows its private score.
        await Assertions.Expect(visitor.Page.GetByTestId("leaderboard-rows").Locator("tr[data-kind='human'] td.score")).ToHaveTextAsync("0.7");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Private leaderboard" })).ToHaveAttributeAsync("aria-pressed", "true");
        await visitor.ScreenshotAsync("leaderboard-private");

        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Public leaderboard" }).ClickAsync();
        await Assertions.Expect(table).ToHaveAttributeAsync("data-view", "public");
        await Assertions.Expect(Row(visitor.Page, "shake-lead")).ToHaveAttributeAsync("data-rank", "1");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_closed_competition_says_its_public_leaderboard_is_frozen_and_offers_the_private_view()
    {
        await ShakeUp.WaitUntilClosedAsync(site.App.CreateClient(), "closed");
        await using var visitor = await site.OpenAsync(phone: true);
        await visitor.Page.GotoAsync("/c/closed/leaderboard");
        await Assertions.Expect(visitor.Page.GetByTestId("frozen")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("view-toggle")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("live-status")).ToHaveTextAsync("live");
        var overflow = await visitor.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page is wider than a phone screen.");
        await visitor.ScreenshotAsync("leaderboard-closed-phone");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task After_a_dropped_connection_the_page_reconnects_watches_again_and_keeps_updating()
    {
        await using var visitor = await site.OpenAsync();
        IWebSocketRoute? socket = null;
        await visitor.Page.RouteWebSocketAsync(new Regex("/hubs/leaderboard"), route =>
        {
            socket = route;
            route.ConnectToServer();
        });
        await visitor.Page.GotoAsync("/c/labels/leaderboard");
        var status = visitor.Page.GetByTestId("live-status");
        await Assertions.Expect(status).ToHaveTextAsync("live");
        await Assertions.Expect(status).ToHaveAttributeAsync("role", "status");
        // The reconnection may take only milliseconds, too short to poll for, so the page records every status it shows.
        await visitor.Page.EvaluateAsync("""
            () => {
              const status = document.querySelector('[data-testid="live-status"]');
              window.seenStatuses = [];
              new MutationObserver(() => window.seenStatuses.push(status.textContent))
                .observe(status, { childList: true, characterData: true, subtree: true });
            }
            """);

        await socket!.CloseAsync(new() { Code = 4000, Reason = "dropped by the test" });
        await visitor.Page.WaitForFunctionAsync("() => window.seenStatuses.includes('reconnecting…') && window.seenStatuses.at(-1) === 'live'");

        // A new connection is in no group until it calls Watch again; this push only arrives if it did.
        var dave = await site.App.SignUpAsync("reconnect-dave");
        await dave.WaitForResultAsync(await dave.SubmitAcceptedAsync("labels", $"id,label\na1,cat\na2,dog\na3,cat\n{TestBundles.PrivateOnlyId},cat\na5,dog\n"));
        await Assertions.Expect(Row(visitor.Page, "reconnect-dave")).ToBeVisibleAsync(new() { Timeout = 5000 });
        // SignalR reports the drop the test caused as a console error; anything else (CSP, script errors) fails.
        var others = visitor.ConsoleErrors.Where(e => !e.Contains("dropped by the test", StringComparison.Ordinal)).ToList();
        Assert.True(others.Count == 0, "Console errors: " + string.Join(" | ", others));
    }

    /// <summary>
    /// A web node that stops says goodbye with SignalR's close message, which forbids automatic reconnection; the page
    /// starts a new connection itself (to a node that is up, behind a balancer) and watches again.
    /// </summary>
    [Fact]
    public async Task After_the_server_closes_the_connection_cleanly_the_page_connects_again_and_keeps_updating()
    {
        await using var visitor = await site.OpenAsync();
        IWebSocketRoute? socket = null;
        await visitor.Page.RouteWebSocketAsync(new Regex("/hubs/leaderboard"), route =>
        {
            socket = route;
            route.ConnectToServer();
        });
        await visitor.Page.GotoAsync("/c/labels/leaderboard");
        var status = visitor.Page.GetByTestId("live-status");
        await Assertions.Expect(status).ToHaveTextAsync("live");
        await visitor.Page.EvaluateAsync("""
            () => {
              const status = document.querySelector('[data-testid="live-status"]');
              window.seenStatuses = [];
              new MutationObserver(() => window.seenStatuses.push(status.textContent))
                .observe(status, { childList: true, characterData: true, subtree: true });
            }
            """);

        // What a stopping node sends (JSON hub protocol, record separator 0x1E), then a normal WebSocket close.
        socket!.Send("{\"type\":7,\"allowReconnect\":false}\u001e");
        await socket.CloseAsync(new() { Code = 1000, Reason = "server stopping" });
        await visitor.Page.WaitForFunctionAsync("() => window.seenStatuses.includes('reconnecting…') && window.seenStatuses.at(-1) === 'live'",
            null, new() { Timeout = 6_000 });

        var erin = await site.App.SignUpAsync("closed-erin");
        await erin.WaitForResultAsync(await erin.SubmitAcceptedAsync("labels", $"id,label\na1,cat\na2,dog\na3,dog\n{TestBundles.PrivateOnlyId},cat\na5,dog\n"));
        await Assertions.Expect(Row(visitor.Page, "closed-erin")).ToBeVisibleAsync(new() { Timeout = 5000 });
        visitor.AssertNoConsoleErrors();
    }
}

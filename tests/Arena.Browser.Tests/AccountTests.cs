using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Arena.Browser.Tests.Browser;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class AccountTests(WebSite site) : IClassFixture<WebSite>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_personal_token_is_shown_once_works_against_the_api_and_stops_when_revoked()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("a1-cli");
        await visitor.Page.GetByTestId("account-link").ClickAsync();
        await visitor.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account");
        await Assertions.Expect(visitor.Page.GetByTestId("profile")).ToContainTextAsync("a1-cli@example.org");
        await Assertions.Expect(visitor.Page.GetByTestId("tokens")).ToContainTextAsync("No tokens yet.");

        await visitor.Page.GetByLabel("Name").FillAsync("laptop CLI");
        await visitor.Page.GetByLabel("Expires").SelectOptionAsync("30");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var secretBox = visitor.Page.GetByLabel("Your new token");
        await Assertions.Expect(secretBox).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^arena_[A-Za-z0-9_-]{43}$"));
        var token = await secretBox.InputValueAsync();
        Assert.Equal($"arena login --url {site.Address.ToString().TrimEnd('/')} --token {token}", await visitor.Page.GetByLabel("Sign the CLI in with it").InputValueAsync());
        await Assertions.Expect(visitor.Page.GetByTestId("new-token")).ToContainTextAsync("you will not see it again");
        var row = visitor.Page.GetByTestId("tokens").Locator("tbody tr").Filter(new() { HasText = "laptop CLI" });
        await Assertions.Expect(row).ToContainTextAsync(token[..14] + "…");
        await Assertions.Expect(row).ToContainTextAsync("active");
        await visitor.ScreenshotAsync("account-token-created");

        using var cli = site.App.CreateClient();
        cli.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var listed = await cli.GetAsync("/api/tokens", Cancellation);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.DoesNotContain(token, await listed.Content.ReadAsStringAsync(Cancellation));

        await visitor.Page.ReloadAsync();
        await Assertions.Expect(row).ToContainTextAsync(token[..14] + "…");
        await Assertions.Expect(visitor.Page.GetByTestId("new-token")).ToBeHiddenAsync();
        Assert.DoesNotContain(token, await visitor.Page.ContentAsync());
        // The API call above counts as a use.
        await Assertions.Expect(row.Locator("td").Nth(4)).Not.ToHaveTextAsync("never");

        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke laptop CLI" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("revoked");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "was revoked" })).ToHaveCountAsync(1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cli.GetAsync("/api/tokens", Cancellation)).StatusCode);
        await visitor.ScreenshotAsync("account-token-revoked");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused_next_to_the_name_field()
    {
        await using var visitor = await site.OpenAsync(phone: true);
        await visitor.SignUpAsync("a2-phone");
        await visitor.Page.GotoAsync("/account");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("#token-name-error")).ToContainTextAsync("A name is required");
        await Assertions.Expect(visitor.Page.GetByTestId("new-token")).ToBeHiddenAsync();
        await visitor.ScreenshotAsync("account-phone");
        Assert.False(await visitor.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "The page is wider than a phone screen.");
        visitor.AssertNoConsoleErrorsExcept(400);
    }

    [Fact]
    public async Task The_admin_sees_their_role()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignInAsync("admin");
        await visitor.Page.GotoAsync("/account");
        await Assertions.Expect(visitor.Page.GetByTestId("roles")).ToContainTextAsync("admin");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_cookie_signed_api_call_needs_the_pages_anti_forgery_token()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("a4-forger");
        await visitor.Page.GotoAsync("/groups");
        const string post = """
            async withToken => {
              const headers = { 'Content-Type': 'application/json' };
              if (withToken) headers['RequestVerificationToken'] = document.querySelector('meta[name=arena-antiforgery]').content;
              const response = await fetch('/api/groups', { method: 'POST', headers, credentials: 'same-origin',
                body: JSON.stringify({ slug: withToken ? 'a4-with-token' : 'a4-without-token', name: 'Forgery check' }) });
              return response.status;
            }
            """;
        Assert.Equal(400, await visitor.Page.EvaluateAsync<int>(post, false));
        Assert.Equal(201, await visitor.Page.EvaluateAsync<int>(post, true));

        // Only the call with the token made a group.
        var admin = site.Admin;
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/groups/a4-without-token", Cancellation)).StatusCode);
        var group = await admin.GetAsync("/api/groups/a4-with-token", Cancellation);
        Assert.Equal(HttpStatusCode.OK, group.StatusCode);
        Assert.Equal("a4-forger", JsonNode.Parse(await group.Content.ReadAsStringAsync(Cancellation))!["owner"]!.GetValue<string>());
        visitor.AssertNoConsoleErrorsExcept(400);
    }
}

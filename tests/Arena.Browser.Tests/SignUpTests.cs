using Arena.Browser.Tests.Browser;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed class SignUpTests(WebSite site) : IClassFixture<WebSite>
{
    [Fact]
    public async Task A_newcomer_signs_up_through_the_page_and_lands_on_the_competitions_signed_in()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("newcomer");

        await Assertions.Expect(visitor.Page.GetByTestId("account-link")).ToHaveTextAsync("newcomer");
        await Assertions.Expect(visitor.Page.GetByTestId("competition-list").GetByRole(AriaRole.Link, new() { Name = "Test binary", Exact = true })).ToBeVisibleAsync();
        await visitor.ScreenshotAsync("home-signed-in");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_no_cookie()
    {
        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("forgetful");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await visitor.Page.GotoAsync("/account/signin");
        await visitor.Page.GetByLabel("User name").FillAsync("forgetful");
        await visitor.Page.GetByLabel("Password").FillAsync("not the password");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The user name or password is wrong.");
        await visitor.ScreenshotAsync("sign-in-refused");
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy()
    {
        await using var visitor = await site.OpenAsync();
        var response = await visitor.Page.GotoAsync("/");
        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
    }
}

using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Arena.Browser.Tests.Browser;

/// <summary>One person in one browser context: what they do through the pages, and what the console reported.</summary>
public sealed class Visitor : IAsyncDisposable
{
    readonly IBrowserContext _context;

    public Visitor(WebSite site, IBrowserContext context, IPage page)
    {
        Site = site;
        _context = context;
        Page = page;
        Page.Console += (_, message) =>
        {
            if (message.Type == "error") ConsoleErrors.Enqueue(message.Text);
        };
        Page.PageError += (_, error) => ConsoleErrors.Enqueue(error);
    }

    public WebSite Site { get; }
    public IPage Page { get; }

    /// <summary>Console errors: CSP violations, script exceptions, failed loads.</summary>
    public ConcurrentQueue<string> ConsoleErrors { get; } = new();

    public const string Password = "correct horse battery";

    /// <summary>Creates an account through the sign-up page; the visitor is then signed in.</summary>
    public async Task SignUpAsync(string userName)
    {
        await Page.GotoAsync("/account/signup");
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Email").FillAsync($"{userName}@example.org");
        await Page.GetByLabel("Password").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await WaitForPathAsync(path => path == "/", "sign-up");
    }

    public async Task SignInAsync(string userName)
    {
        await Page.GotoAsync("/account/signin");
        await Page.GetByLabel("User name").FillAsync(userName);
        await Page.GetByLabel("Password").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitForPathAsync(path => path != "/account/signin", "sign-in");
    }

    /// <summary>
    /// Waits for a navigation to a path. A timeout says where the page still is, with its console errors and a
    /// screenshot: CI twice saw a click's navigation never arrive under full load, and the bare timeout told nothing.
    /// </summary>
    public async Task WaitForPathAsync(Func<string, bool> arrived, string step)
    {
        try
        {
            await Page.WaitForURLAsync(url => arrived(new Uri(url).AbsolutePath));
        }
        catch (TimeoutException e)
        {
            try
            {
                await ScreenshotAsync($"timeout-{step}");
            }
            catch (Exception screenshot) when (screenshot is PlaywrightException or TimeoutException)
            {
                // The page may be stuck too; the message below is what matters.
            }
            throw new TimeoutException($"{step}: the page is still at {Page.Url}; console: {string.Join(" | ", ConsoleErrors)}", e);
        }
    }

    /// <summary>
    /// Saves a full-page screenshot as a test artifact: screenshots/&lt;name&gt;.png next to the test binaries, and
    /// attached to the test's result.
    /// </summary>
    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var bytes = await Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Path = Path.Combine(folder, name + ".png") });
        TestContext.Current.AddAttachment(name + ".png", bytes, "image/png");
    }

    /// <summary>Fails when the page reported a console error, such as a Content-Security-Policy violation.</summary>
    public void AssertNoConsoleErrors() => Assert.True(ConsoleErrors.IsEmpty, "Console errors: " + string.Join(" | ", ConsoleErrors));

    /// <summary>
    /// Like <see cref="AssertNoConsoleErrors"/>, except that Chromium logs every 4xx answer (a 404 page, an API call a
    /// test made fail on purpose) as a failed load: those statuses are expected; CSP violations, script errors and any
    /// other status still fail the test.
    /// </summary>
    public void AssertNoConsoleErrorsExcept(params int[] statuses) =>
        Assert.All(ConsoleErrors, message => Assert.Contains(statuses,
            status => message.StartsWith($"Failed to load resource: the server responded with a status of {status} ", StringComparison.Ordinal)));

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

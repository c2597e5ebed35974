using System.Net;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Security;

/// <summary>
/// Walks every browser page, so a new page cannot slip in unprotected: it is on the short list of pages anyone may
/// read, or it sends an anonymous visitor to the sign-in page. (The API's routes are walked by RouteTableTests.)
/// </summary>
public sealed class PageRouteTests(SharedApps apps) : IClassFixture<SharedApps>
{
    /// <summary>Pages anyone may open: the competitions and what they show publicly, signing up and in, errors.</summary>
    static readonly HashSet<string> Anonymous =
    [
        "", "account/signin", "account/signup", "account/denied", "error/{code:int}",
        "c/{slug}", "c/{slug}/data", "c/{slug}/leaderboard", "c/{slug}/charts", "c/{slug}/human-study/protocol",
    ];

    [Fact]
    public async Task Every_page_is_public_by_intent_or_sends_anonymous_visitors_to_sign_in()
    {
        var app = await apps.For(Provider.Sqlite);
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct().ToList();
        Assert.True(pages.Count >= 18, $"only {pages.Count} pages found");
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var page in pages)
        {
            var path = "/" + page.Replace("{slug}", "binary", StringComparison.Ordinal).Replace("{code:int}", "404", StringComparison.Ordinal)
                .Replace("{code}", "not-a-code", StringComparison.Ordinal).Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{track}", "classics", StringComparison.Ordinal).Replace("{userName}", "someone", StringComparison.Ordinal);
            var response = await browser.GetAsync(path, TestContext.Current.CancellationToken);
            if (Anonymous.Contains(page))
            {
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"/{page} answered {(int)response.StatusCode} to an anonymous visitor");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"/{page} answered {(int)response.StatusCode} to an anonymous visitor");
                Assert.StartsWith("/account/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_api_answers_401_not_a_redirect_to_a_browser_without_a_cookie()
    {
        var app = await apps.For(Provider.Sqlite);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await browser.GetAsync("/api/tokens", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

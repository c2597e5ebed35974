using System.Net;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Security;

/// <summary>
/// Walks the server's whole route table, so a new route cannot slip in unprotected: every route is either on the
/// short list of anonymous reads, or answers 401 to an anonymous caller; organizer and admin routes answer 403 to a
/// participant.
/// </summary>
public sealed class RouteTableTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Routes anyone may call: reading public competitions and leaderboards, signing up and in, health.</summary>
    static readonly HashSet<string> Anonymous =
    [
        "POST /api/auth/register", "POST /api/auth/login",
        "GET /api/competitions/", "GET /api/competitions/{slug}", "GET /api/competitions/{slug}/files",
        "GET /api/competitions/{slug}/files/{name}", "GET /api/competitions/{slug}/leaderboard",
        "GET /health/live", "GET /health/ready",
    ];

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Every_route_is_anonymous_by_intent_or_refuses_anonymous_callers(Provider provider)
    {
        var app = await apps.For(provider);
        var routes = Routes(app);
        Assert.True(routes.Count >= 15, $"only {routes.Count} routes found");
        var anonymous = app.CreateClient();

        foreach (var (method, pattern, _) in routes.Where(r => !Anonymous.Contains($"{r.Method} {r.Pattern}")))
        {
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), Fill(pattern)), Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {pattern} answered {(int)response.StatusCode} to an anonymous caller");
        }
        Assert.Empty(Anonymous.Except(routes.Select(r => $"{r.Method} {r.Pattern}")));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Organizer_and_admin_routes_refuse_participants(Provider provider)
    {
        var app = await apps.For(provider);
        await app.SignUpAsync($"route-admin-{provider}");
        var participant = await app.SignUpAsync($"route-participant-{provider}");
        var guarded = Routes(app).Where(r => r.Policies.Count > 0).ToList();
        Assert.NotEmpty(guarded);

        foreach (var (method, pattern, _) in guarded)
        {
            var response = await participant.SendAsync(new HttpRequestMessage(new HttpMethod(method), Fill(pattern)), Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {pattern} answered {(int)response.StatusCode} to a participant");
        }
    }

    /// <summary>
    /// A competition someone may not see is answered as one that does not exist: 404 from every competition route, to
    /// a participant outside its group (or 403 from an organizer-only route, which says nothing about the competition)
    /// and to the organizer of another group.
    /// </summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Every_competition_route_answers_404_for_a_competition_the_caller_may_not_see(Provider provider)
    {
        var app = await apps.For(provider);
        await app.SignUpAsync($"route-first-{provider}"); // the first account is an admin and sees everything
        var owner = await app.SignUpAsync($"route-owner-{provider}");
        var outsider = await app.SignUpAsync($"route-outsider-{provider}");
        var otherOrganizer = await app.SignUpAsync($"route-other-{provider}");
        await owner.CreateGroupAsync($"route-group-{provider}".ToLowerInvariant());
        await otherOrganizer.CreateGroupAsync($"route-other-{provider}".ToLowerInvariant());
        await app.AttachToGroupAsync("labels", $"route-group-{provider}".ToLowerInvariant());
        var routes = Routes(app).Where(r => r.Pattern.StartsWith("/api/competitions/{slug}", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count >= 15, $"only {routes.Count} competition routes found");

        foreach (var (method, pattern, policies) in routes)
        {
            var asOutsider = await outsider.SendAsync(Request(method, Fill(pattern, "labels")), Cancellation);
            var expected = policies.Count > 0 ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
            Assert.True(asOutsider.StatusCode == expected, $"{method} {pattern} answered {(int)asOutsider.StatusCode} to a participant outside the group");
            var asOtherOrganizer = await otherOrganizer.SendAsync(Request(method, Fill(pattern, "labels")), Cancellation);
            Assert.True(asOtherOrganizer.StatusCode == HttpStatusCode.NotFound, $"{method} {pattern} answered {(int)asOtherOrganizer.StatusCode} to another group's organizer");
        }
    }

    /// <summary>An empty JSON object, so that routes with a body reach their handler and answer for the competition.</summary>
    static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
    };

    sealed record Route(string Method, string Pattern, IReadOnlyList<string> Policies);

    /// <summary>The API's routes; the browser pages are walked by <see cref="PageRouteTests"/>.</summary>
    static List<Route> Routes(ArenaApp app) =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } text && !text.StartsWith("/hubs", StringComparison.Ordinal)
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new Route(method, e.RoutePattern.RawText!,
                    [.. e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>()]))),
    ];

    static string Fill(string pattern, string competition = "binary") => pattern
        .Replace("{slug}", competition, StringComparison.Ordinal)
        .Replace("{name}", "test.csv", StringComparison.Ordinal)
        .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{id:int}", "1", StringComparison.Ordinal)
        .Replace("{runId}", "1", StringComparison.Ordinal)
        .Replace("{itemId}", "1", StringComparison.Ordinal)
        .Replace("{track}", "classics", StringComparison.Ordinal)
        .Replace("{paperId:int}", "1", StringComparison.Ordinal)
        .Replace("{userName}", "someone", StringComparison.Ordinal);
}

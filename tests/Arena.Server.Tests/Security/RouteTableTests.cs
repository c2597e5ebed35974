using System.Net;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
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

    sealed record Route(string Method, string Pattern, IReadOnlyList<string> Policies);

    static List<Route> Routes(ArenaApp app) =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } text && !text.StartsWith("/hubs", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new Route(method, e.RoutePattern.RawText!,
                    [.. e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>()]))),
    ];

    static string Fill(string pattern) => pattern
        .Replace("{slug}", "binary", StringComparison.Ordinal)
        .Replace("{name}", "test.csv", StringComparison.Ordinal)
        .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{id:int}", "1", StringComparison.Ordinal);
}

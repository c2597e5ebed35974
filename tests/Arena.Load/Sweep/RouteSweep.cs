using System.Net;
using Arena.Load.Hostile;

namespace Arena.Load.Sweep;

/// <summary>
/// Scenario 6b: every route of the OpenAPI document called by someone who may not use it. Anonymous: 401 except the
/// anonymous reads. Another participant on someone's submission: 404 (or 403 from an organizer-only route). A
/// non-member on a group's competition: 403 or 404. Never a 2xx, never a 5xx.
/// </summary>
public static class RouteSweep
{
    /// <summary>What anyone may call (as tests/Arena.Server.Tests/Security/RouteTableTests.cs lists it).</summary>
    static readonly HashSet<string> Anonymous =
    [
        "POST /api/auth/register", "POST /api/auth/login",
        "GET /api/competitions", "GET /api/competitions/{slug}", "GET /api/competitions/{slug}/files",
        "GET /api/competitions/{slug}/files/{name}", "GET /api/competitions/{slug}/leaderboard",
    ];

    public sealed record Finding(int Calls, List<string> Wrong);

    public static async Task<Finding> AnonymousAsync(SoloServer server, IReadOnlyList<ApiRoute> routes, CancellationToken cancellation)
    {
        using var anonymous = server.Client();
        var wrong = new List<string>();
        var calls = 0;
        foreach (var route in routes.Where(r => !Anonymous.Contains(r.ToString())))
        {
            // The document drops route constraints ({id:int}, {id:guid}): an id of the other shape matches no route (404), so both are tried.
            var answers = new List<int>();
            foreach (var id in route.Pattern.Contains("{id}", StringComparison.Ordinal) ? [Guid.NewGuid().ToString(), "1"] : (string[])[""])
            {
                var path = OpenApiRoutes.Fill(route.Pattern, new Dictionary<string, string> { ["slug"] = CanaryBundle.Slug, ["id"] = id }.Where(v => v.Value.Length > 0).ToDictionary());
                using var response = await anonymous.SendAsync(OpenApiRoutes.Request(route, path), cancellation);
                calls++;
                answers.Add((int)response.StatusCode);
            }
            if (!answers.Contains(401) || answers.Any(a => a is not (401 or 404))) wrong.Add($"{route} {string.Join('/', answers)}");
        }
        using var document = await anonymous.GetAsync(OpenApiRoutes.Document, cancellation);
        calls++;
        if (document.StatusCode != HttpStatusCode.Unauthorized) wrong.Add($"GET {OpenApiRoutes.Document} {(int)document.StatusCode}");
        return new Finding(calls, wrong);
    }

    /// <summary>Every route that takes a submission id, called by another participant with the owner's ids.</summary>
    public static async Task<Finding> OtherParticipantAsync(HttpClient other, IReadOnlyList<ApiRoute> routes, IReadOnlyList<string> ownersIds, CancellationToken cancellation)
    {
        var wrong = new List<string>();
        var calls = 0;
        foreach (var route in routes.Where(r => r.Pattern.StartsWith("/api/submissions/{id}", StringComparison.Ordinal)))
            foreach (var id in ownersIds)
            {
                var path = OpenApiRoutes.Fill(route.Pattern, new Dictionary<string, string> { ["id"] = id });
                using var response = await other.SendAsync(OpenApiRoutes.Request(route, path), cancellation);
                calls++;
                if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden)) wrong.Add($"{route.Method} {path} {(int)response.StatusCode}");
            }
        return new Finding(calls, wrong);
    }

    /// <summary>Every competition route, on a group's competition, called by a signed-in participant outside the group.</summary>
    public static async Task<Finding> NonMemberAsync(HttpClient outsider, IReadOnlyList<ApiRoute> routes, string groupCompetition, CancellationToken cancellation)
    {
        var wrong = new List<string>();
        var calls = 0;
        foreach (var route in routes.Where(r => r.Pattern.StartsWith("/api/competitions/{slug}", StringComparison.Ordinal)))
        {
            var path = OpenApiRoutes.Fill(route.Pattern, new Dictionary<string, string> { ["slug"] = groupCompetition, ["name"] = "test.csv" });
            using var response = await outsider.SendAsync(OpenApiRoutes.Request(route, path), cancellation);
            calls++;
            if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden)) wrong.Add($"{route} {(int)response.StatusCode}");
        }
        return new Finding(calls, wrong);
    }
}

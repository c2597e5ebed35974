using System.Text.Json.Nodes;

namespace Arena.Load.Sweep;

public sealed record ApiRoute(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>The server's routes as its OpenAPI document (<c>/api/openapi/v1.json</c>, for signed-in callers) lists them.</summary>
public static class OpenApiRoutes
{
    public const string Document = "/api/openapi/v1.json";

    public static async Task<List<ApiRoute>> ReadAsync(HttpClient signedIn, CancellationToken cancellation)
    {
        var document = JsonNode.Parse(await signedIn.GetStringAsync(Document, cancellation))!;
        return
        [
            .. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
                .Select(operation => new ApiRoute(operation.Key.ToUpperInvariant(), path.Key))),
        ];
    }

    /// <summary>Fills a pattern's parameters: the given ones, else placeholders that name nothing real.</summary>
    public static string Fill(string pattern, IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}:]+)(:[^}]+)?\}",
            m => Uri.EscapeDataString(values.GetValueOrDefault(m.Groups[1].Value) ?? m.Groups[1].Value switch
            {
                "id" => Guid.NewGuid().ToString(),
                "paperId" or "runId" or "itemId" => "1",
                _ => "nothing-here",
            }));

    /// <summary>An empty JSON object for a route with a body, so that it reaches its handler.</summary>
    public static HttpRequestMessage Request(ApiRoute route, string path) => new(new HttpMethod(route.Method), path)
    {
        Content = route.Method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
    };
}

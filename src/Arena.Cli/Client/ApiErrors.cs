using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arena.Cli.Client;

/// <summary>What a refusal means for the request at hand: "no competition 'x'" reads better than "404 Not Found".</summary>
/// <remarks><paramref name="Forbidden"/> words a 403 that comes without the server's own reason (an authorization policy's).</remarks>
public sealed record Refusals(string NotFound, string? Unauthorized = null, string? Forbidden = null)
{
    public static Refusals Competition(string slug) => new($"no competition '{slug}' (or it is not visible to you)");

    public static Refusals Submission(Guid id) => new($"no submission {id} of yours");

    public static Refusals Group(string slug) => new($"no group '{slug}' that you are a member of");

    /// <summary>An organizer action on a competition: a participant who may see it gets the server's 403 reason.</summary>
    public static Refusals Organizing(string slug) =>
        new($"no competition '{slug}' (or it is not visible to you)", Forbidden: "only this competition's organizers may do this");
}

/// <summary>Turns an error response (RFC 9457 problem details, usually) into one line a person can act on.</summary>
public static class ApiErrors
{
    public static async Task<CliException> FromResponseAsync(HttpResponseMessage response, Refusals refusals, bool hasToken, CancellationToken cancellation)
    {
        var problem = await ReadProblemAsync(response, cancellation);
        var detail = Text(problem, "detail") ?? Text(problem, "title");
        // A policy's 403 carries only the title "Forbidden": the refusal's own words say more.
        var forbidden = Text(problem, "detail") ?? refusals.Forbidden ?? detail;
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => refusals.Unauthorized
                ?? (hasToken ? "not signed in or the token was revoked: run arena login" : "not signed in: run arena login (or set ARENA_TOKEN)"),
            HttpStatusCode.Forbidden => $"forbidden: {forbidden ?? "you may not do this"}",
            HttpStatusCode.Gone => detail ?? "no longer valid",
            HttpStatusCode.NotFound => refusals.NotFound,
            HttpStatusCode.TooManyRequests => TooMany(detail, problem, response),
            HttpStatusCode.RequestEntityTooLarge => detail ?? "the upload is too large for this server",
            HttpStatusCode.Conflict => detail ?? "not possible now",
            HttpStatusCode.BadRequest => ValidationErrors(problem) ?? detail ?? "the server refused the request as malformed",
            _ => $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}" + (detail is null ? "" : $": {detail}"),
        };
        return new CliException(CommandLine.OneLine(message)) { Status = response.StatusCode };
    }

    /// <summary>The server's detail already names the reset time; Retry-After is the fallback for any other 429.</summary>
    static string TooMany(string? detail, JsonObject? problem, HttpResponseMessage response)
    {
        if (detail is not null && detail.Contains("reset", StringComparison.OrdinalIgnoreCase)) return detail;
        var retry = Text(problem, "resetsAt") is { } resetsAt ? $"; try again after {resetsAt}"
            : response.Headers.RetryAfter?.Delta is { } delta ? $"; try again in {Math.Ceiling(delta.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s"
            : response.Headers.RetryAfter?.Date is { } date ? $"; try again after {date.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}"
            : "";
        return (detail ?? "too many requests") + retry;
    }

    /// <summary>ASP.NET's validation problems: <c>{"errors": {"field": ["message", …]}}</c>.</summary>
    static string? ValidationErrors(JsonObject? problem) =>
        problem?["errors"] is JsonObject errors && errors.Count > 0
            ? string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value is JsonArray a ? a.Select(m => m?.ToString()) : [e.Value?.ToString()])}"))
            : null;

    static async Task<JsonObject?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellation);
            return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (Exception e) when (e is JsonException or HttpRequestException)
        {
            return null;
        }
    }

    static string? Text(JsonObject? problem, string name) =>
        problem?[name] is JsonValue value && value.ToString() is { Length: > 0 } text ? text : null;
}

public static class NetworkErrors
{
    /// <summary>"connection refused", "name or service not known": the socket's own words, in lower case.</summary>
    public static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket) return Lower(socket.Message);
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => $"TLS failed ({Lower(e.InnerException?.Message ?? e.Message)})",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.NameResolutionError => "unknown host",
            _ => Lower(e.Message),
        };
    }

    static string Lower(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.') : text.TrimEnd('.');
}

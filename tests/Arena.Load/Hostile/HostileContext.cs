using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arena.Load.Hostile;

/// <summary>What a variant got, in a few words for the table.</summary>
public sealed record Outcome(bool Met, string Got);

/// <summary>One hostile request: its name, the answer it must get, whether the smoke run sends it, and how.</summary>
public sealed record Variant(string Name, string Expected, bool Smoke, Func<HostileContext, CancellationToken, Task<Outcome>> Run);

/// <summary>The server under attack and the callers the variants use.</summary>
public sealed class HostileContext(SoloServer server, HttpClient participant, HttpClient admin, string participantToken)
{
    public SoloServer Server { get; } = server;
    public HttpClient Participant { get; } = participant;
    public HttpClient Admin { get; } = admin;
    public string ParticipantToken { get; } = participantToken;
    public Uri Address => Server.Address;

    public static string Submissions(string slug = HostileBundles.Main) => $"/api/competitions/{slug}/submissions";

    public static string Validate(string slug = HostileBundles.Main) => $"/api/competitions/{slug}/submissions/validate";

    /// <summary>The answer's status and, for the table, its problem title or the start of its body; met when the status is one expected.</summary>
    public static async Task<Outcome> ExpectAsync(HttpResponseMessage response, CancellationToken cancellation, params HttpStatusCode[] expected)
    {
        var body = await response.Content.ReadAsStringAsync(cancellation);
        var status = (int)response.StatusCode;
        // Refusals from the API come as problem details; Kestrel's own (431, 414) have no body.
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        var met = expected.Contains(response.StatusCode) && (status < 400 || problem || body.Length == 0);
        return new Outcome(met, $"{status} {Describe(body)}".Trim());
    }

    /// <summary>A validation report (200) whose errors include <paramref name="code"/> (at the line and column, when given).</summary>
    public static async Task<Outcome> ExpectReportAsync(HttpResponseMessage response, string code, long? line, string? column, CancellationToken cancellation)
    {
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (response.StatusCode != HttpStatusCode.OK) return new Outcome(false, $"{(int)response.StatusCode} {Describe(body)}");
        var report = JsonNode.Parse(body)!;
        var errors = report["errors"]!.AsArray();
        var match = errors.FirstOrDefault(e => Matches(e!, code, line, column));
        return new Outcome(!report["valid"]!.GetValue<bool>() && match is not null,
            $"200 valid={report["valid"]}, {Describe(match ?? errors.FirstOrDefault())}");
    }

    /// <summary>A submission accepted with 202 that ends <c>failed</c> with <paramref name="code"/> among its errors (at the line and column, when given).</summary>
    public async Task<Outcome> ExpectFailedSubmissionAsync(HttpResponseMessage response, string code, long? line, string? column, CancellationToken cancellation)
    {
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (response.StatusCode != HttpStatusCode.Accepted) return new Outcome(false, $"{(int)response.StatusCode} {Describe(body)}");
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        var view = await WaitForEndAsync(id, cancellation);
        var status = view?["status"]?.GetValue<string>();
        var errors = view?["errors"]?.AsArray() ?? [];
        var match = errors.FirstOrDefault(e => Matches(e!, code, line, column));
        return new Outcome(status == "failed" && match is not null, $"202, then {status ?? "no end within 120 s"}: {Describe(match ?? errors.FirstOrDefault())}");
    }

    public async Task<JsonNode?> WaitForEndAsync(string submissionId, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var view = JsonNode.Parse(await Participant.GetStringAsync($"/api/submissions/{submissionId}", cancellation))!;
            if (view["status"]!.GetValue<string>() is "scored" or "failed") return view;
            await Task.Delay(200, cancellation);
        }
        return null;
    }

    static bool Matches(JsonNode error, string code, long? line, string? column) =>
        error["code"]?.GetValue<string>() == code
        && (line is null || error["line"]?.GetValue<long?>() == line)
        && (column is null || error["column"]?.GetValue<string?>() == column);

    static string Describe(JsonNode? error) => error is null ? "no error"
        : $"{error["code"]} line {error["line"]?.ToString() ?? "-"} column {error["column"]?.ToString() ?? "-"}";

    static string Describe(string body)
    {
        if (body.Length == 0) return "";
        try
        {
            var node = JsonNode.Parse(body);
            if (node?["title"] is { } title)
                return node["detail"] is { } detail ? $"\"{title}\": {Cut(detail.ToString(), 90)}" : $"\"{title}\"";
        }
        catch (JsonException)
        {
        }
        return Cut(body, 60);
    }

    static string Cut(string text, int length) => (text.Length > length ? text[..length] + "…" : text).Replace('|', '/').Replace('\n', ' ');
}

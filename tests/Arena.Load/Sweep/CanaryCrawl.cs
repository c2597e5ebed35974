using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arena.Load.Hostile;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Load.Sweep;

/// <summary>
/// Scenario 6a: a participant submits (good and bad files) while watching the hub, then calls every route of the
/// OpenAPI document with their own ids, the competition's files and placeholders; every body, every hub message and
/// the server's log are searched for the canaries. Public files may hold the Private-only id (it is a test id), and a
/// "missing ids" error may name it (the ids are public); nothing may say it is Private, hold its label, or a private score.
/// </summary>
public sealed class CanaryCrawl(SoloServer server, CanaryBundle canary, HttpClient participant, string token)
{
    readonly List<(string What, string Text)> _seen = [];
    readonly Lock _lock = new();

    public int Requests { get; private set; }
    public int HubMessages { get; private set; }
    public List<string> SubmissionIds { get; } = [];

    public async Task RunAsync(IReadOnlyList<ApiRoute> routes, CancellationToken cancellation)
    {
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/leaderboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        foreach (var message in (string[])["LeaderboardUpdated", "SubmissionUpdated"])
            hub.On<JsonElement>(message, json => Add($"hub {message}", json.GetRawText(), hubMessage: true));
        await hub.StartAsync(cancellation);
        Add("hub Watch", (await hub.InvokeAsync<JsonElement>("Watch", CanaryBundle.Slug, cancellation)).GetRawText(), hubMessage: true);

        var files = new (string What, string Csv)[]
        {
            ("all cat", canary.Labels(_ => "cat")),
            ("missing the private id", "id,label\n" + string.Concat(canary.Ids.Where(id => id != canary.PrivateId).Select(id => $"{id},cat\n"))),
            ("duplicate id", canary.Labels(_ => "dog") + "p01,dog\n"),
            ("unknown id", canary.Labels(_ => "dog") + "zz-unknown,dog\n"),
            ("header only", "id,label\n"),
            ("wrong header", canary.Labels(_ => "cat").Replace("id,label", "id,lable", StringComparison.Ordinal)),
        };
        foreach (var (what, csv) in files)
        {
            await PostAsync($"validate: {what}", $"/api/competitions/{CanaryBundle.Slug}/submissions/validate", csv, cancellation);
            var accepted = JsonNode.Parse(await PostAsync($"submit: {what}", $"/api/competitions/{CanaryBundle.Slug}/submissions", csv, cancellation));
            if (accepted?["id"]?.GetValue<string>() is { } id) SubmissionIds.Add(id);
        }
        foreach (var id in SubmissionIds) await WaitForEndAsync(id, cancellation);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellation); // the last hub pushes

        // Every route of the document, with the caller's own submissions and every public file.
        var publicFiles = JsonNode.Parse(await GetAsync($"/api/competitions/{CanaryBundle.Slug}/files", cancellation))!.AsArray()
            .Select(f => f!["name"]!.GetValue<string>()).ToList();
        foreach (var route in routes)
        {
            var fills = route.Pattern.Contains("{name}", StringComparison.Ordinal) ? publicFiles.Concat(["solution.csv", "../private/solution.csv"])
                : route.Pattern.StartsWith("/api/submissions/{id}", StringComparison.Ordinal) ? SubmissionIds
                : (IEnumerable<string>)[""];
            foreach (var fill in fills)
            {
                var values = new Dictionary<string, string> { ["slug"] = CanaryBundle.Slug, ["name"] = fill, ["id"] = fill };
                var path = OpenApiRoutes.Fill(route.Pattern, values.Where(v => v.Value.Length > 0).ToDictionary());
                using var response = await participant.SendAsync(OpenApiRoutes.Request(route, path), cancellation);
                var body = await response.Content.ReadAsStringAsync(cancellation);
                Add($"{route.Method} {path} -> {(int)response.StatusCode}", body, publicFile: route.Pattern.EndsWith("/files/{name}", StringComparison.Ordinal) && response.IsSuccessStatusCode);
                Requests++;
            }
        }
        foreach (var extra in (string[])["?view=public", "?view=private", "?view=Private"])
            await GetAsync($"/api/competitions/{CanaryBundle.Slug}/leaderboard{extra}", cancellation);
        // The pages a participant reads, signed in by the same token.
        foreach (var page in (string[])["/", $"/c/{CanaryBundle.Slug}", $"/c/{CanaryBundle.Slug}/submissions", $"/c/{CanaryBundle.Slug}/submit"])
            await GetAsync(page, cancellation);
    }

    /// <summary>Hits of each canary: in what the participant saw, and in the server's log.</summary>
    public (List<string> Label, List<string> PrivateId, List<string> PrivateScore) Hits(IReadOnlyList<string> log)
    {
        List<(string What, string Text)> seen;
        lock (_lock) seen = [.. _seen];
        var label = seen.Where(s => s.Text.Contains(canary.Label, StringComparison.Ordinal)).Select(s => s.What)
            .Concat(log.Where(l => l.Contains(canary.Label, StringComparison.Ordinal)).Select(l => $"log: {l}")).ToList();
        var id = seen.Where(s => !s.What.StartsWith("public file", StringComparison.Ordinal) && WithoutMissingIds(s.Text).Contains(canary.PrivateId, StringComparison.Ordinal))
            .Select(s => s.What).Concat(log.Where(l => l.Contains(canary.PrivateId, StringComparison.Ordinal)).Select(l => $"log: {l}")).ToList();
        var score = seen.Where(s => s.Text.Contains(CanaryBundle.PrivateScorePrefix, StringComparison.Ordinal)).Select(s => s.What)
            .Concat(log.Where(l => l.Contains(CanaryBundle.PrivateScorePrefix, StringComparison.Ordinal)).Select(l => $"log: {l}")).ToList();
        return (label, id, score);
    }

    public int Texts
    {
        get { lock (_lock) return _seen.Count; }
    }

    /// <summary>The body without "missing ids" errors, which name test ids and may name this one.</summary>
    static string WithoutMissingIds(string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            Strip(node);
            return node?.ToJsonString() ?? "";
        }
        catch (JsonException)
        {
            // A page shows the same error as text: "N id(s) of the test set have no row in the submission, for example: …".
            return System.Text.RegularExpressions.Regex.Replace(text, "have no row in the submission, for example: [^<]*", "");
        }
    }

    static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject item:
                foreach (var (_, child) in item.ToList()) Strip(child);
                break;
            case JsonArray array:
                foreach (var child in array.ToList())
                {
                    if (child is JsonObject error && error["code"]?.ToString() == "missing_ids") array.Remove(child);
                    else Strip(child);
                }
                break;
        }
    }

    public async Task<string> GetAsync(string path, CancellationToken cancellation)
    {
        using var response = await participant.GetAsync(path, cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        Add($"GET {path} -> {(int)response.StatusCode}", body);
        Requests++;
        return body;
    }

    async Task<string> PostAsync(string what, string path, string csv, CancellationToken cancellation)
    {
        var form = new MultipartFormDataContent();
        var file = new StringContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "submission.csv");
        using var response = await participant.PostAsync(path, form, cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        Add($"{what} -> {(int)response.StatusCode}", body);
        Requests++;
        return body;
    }

    async Task WaitForEndAsync(string id, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var view = await GetAsync($"/api/submissions/{id}", cancellation);
            if (JsonNode.Parse(view)?["status"]?.GetValue<string>() is "scored" or "failed") return;
            await Task.Delay(250, cancellation);
        }
    }

    void Add(string what, string text, bool publicFile = false, bool hubMessage = false)
    {
        lock (_lock)
        {
            _seen.Add((publicFile ? $"public file {what}" : what, text));
            if (hubMessage) HubMessages++;
        }
    }
}

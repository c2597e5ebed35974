using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Load.Hostile;
using Arena.Load.Sweep;

namespace Arena.Load.Scenarios;

/// <summary>
/// Issue 9, scenario 6, against one SQLite server process logging at Debug: (a) the canary crawl, (b) the route table
/// from the OpenAPI document, (c) login brute force, (d) security headers, (e) public scores rounded to the
/// competition's display precision. It takes about 20 s, so the smoke run in CI is the same run.
/// </summary>
public sealed class Security : IScenario
{
    public string Name => "security";

    public string Describe => "canary crawl of every OpenAPI route, hub message, error body and log line (0 hits); route table as anonymous/other participant/non-member; login 429 + lockout; CSP/nosniff/X-Frame-Options/HSTS; rounded public scores";

    public async Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation)
    {
        var result = new ScenarioResult(Name);
        if (options.Url is not null)
            return result.Check("own server", "--url given", "a server this scenario starts (it plants the canary and reads the server's log)", false);
        var canary = new CanaryBundle();
        var bundles = canary.Create();
        try
        {
            // Debug everywhere, on the command line: categories with dots cannot travel as environment variables
            // through /bin/sh, and appsettings.json quiets some categories by name, which beats "Default".
            string[] logging = [.. ((string[])["Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.EntityFrameworkCore", "Hangfire"])
                .Select(category => $"--Logging:LogLevel:{category}=Debug")];
            await using var server = await SoloServer.StartAsync("security", bundles, null, cancellation, logging);
            using var admin = await server.SignUpAsync("sweep-admin", cancellation);
            using var participant = await server.SignUpAsync("sweep-participant", cancellation);
            using var other = await server.SignUpAsync("sweep-other", cancellation);
            var routes = await OpenApiRoutes.ReadAsync(participant, cancellation);
            result.Report("routes in the OpenAPI document", routes.Count.ToString(CultureInfo.InvariantCulture));

            // (a) the canary crawl.
            var crawl = new CanaryCrawl(server, canary, participant, participant.DefaultRequestHeaders.Authorization!.Parameter!);
            await crawl.RunAsync(routes, cancellation);
            var (label, id, score) = crawl.Hits(File.ReadAllLines(server.LogFile));
            var logLines = File.ReadLines(server.LogFile).Count();
            result.Report("crawled", $"{crawl.Requests} requests, {crawl.HubMessages} hub messages, {logLines} log lines, {crawl.SubmissionIds.Count} submissions");
            result.Check("canary label hits before the reveal", Hits(label), "0", label.Count == 0);
            result.Check("Private-only id hits (outside public files and missing-id errors)", Hits(id), "0", id.Count == 0);
            result.Check("private score hits before the reveal", Hits(score), "0", score.Count == 0);
            // The detector can fail: after the reveal, the participant's own submission shows its private score.
            using (var reveal = await admin.PostAsJsonAsync($"/api/competitions/{CanaryBundle.Slug}/reveal", new { }, cancellation))
            {
                var after = await crawl.GetAsync($"/api/submissions/{crawl.SubmissionIds[0]}", cancellation);
                var seen = after.Contains(CanaryBundle.PrivateScorePrefix, StringComparison.Ordinal);
                result.Check("control: private score seen after the reveal", $"reveal {(int)reveal.StatusCode}, {(seen ? "seen" : "not seen")}", "seen", seen);
            }

            // (b) the route table.
            var anonymous = await RouteSweep.AnonymousAsync(server, routes, cancellation);
            result.Check("anonymous: 401 on every non-public route", Wrong(anonymous), "0 other answers", anonymous.Wrong.Count == 0);
            var others = await RouteSweep.OtherParticipantAsync(other, routes, crawl.SubmissionIds, cancellation);
            result.Check("another participant on someone's submissions: 403/404", Wrong(others), "0 other answers", others.Wrong.Count == 0);
            var group = await GroupCompetitionAsync(admin, cancellation);
            var outsiders = await RouteSweep.NonMemberAsync(other, routes, group.Slug, cancellation);
            result.Check($"non-member on a group's competition ({group.State}): 403/404", Wrong(outsiders), "0 other answers", outsiders.Wrong.Count == 0);

            // (d) headers on pages.
            await HeadersAsync(server, result, cancellation);
            await BruteForceAsync(server, result, cancellation);
            await RoundingAsync(participant, result, cancellation);
            result.Note($"canaries: label {canary.Label}, Private-only id {canary.PrivateId}, private score {CanaryBundle.PrivateScorePrefix}…; the server logged at Debug");
            return result;
        }
        finally
        {
            Directory.Delete(bundles, recursive: true);
        }
    }

    static string Hits(List<string> hits) => hits.Count == 0 ? "0" : $"{hits.Count}: {string.Join(" | ", hits.Take(3).Select(h => h.Length > 160 ? h[..160] : h))}";

    static string Wrong(RouteSweep.Finding finding) =>
        finding.Wrong.Count == 0 ? $"{finding.Calls} calls, 0 other answers" : $"{finding.Calls} calls, {finding.Wrong.Count} wrong: {string.Join(", ", finding.Wrong.Take(5))}";

    /// <summary>A group the admin owns, with a competition uploaded into it (published when its checks allow).</summary>
    static async Task<(string Slug, string State)> GroupCompetitionAsync(HttpClient admin, CancellationToken cancellation)
    {
        const string slug = "sweep-group-only";
        using (var created = await admin.PostAsJsonAsync("/api/groups", new { slug = "sweep-group", name = "Sweep group" }, cancellation))
            if (!created.IsSuccessStatusCode) return (slug, $"group not created: {(int)created.StatusCode}");
        var form = Payloads.Form(Payloads.Zip(CanaryBundle.GroupBundle(slug)), "bundle.zip", field: "bundle");
        form.Add(new StringContent("sweep-group"), "group");
        using (var upload = await admin.PostAsync("/api/competitions", form, cancellation))
            if (!upload.IsSuccessStatusCode) return (slug, $"upload {(int)upload.StatusCode}");
        using var publish = await admin.PostAsync($"/api/competitions/{slug}/publish", null, cancellation);
        return (slug, publish.IsSuccessStatusCode ? "published" : "draft");
    }

    static async Task HeadersAsync(SoloServer server, ScenarioResult result, CancellationToken cancellation)
    {
        using var anonymous = server.Client();
        foreach (var page in (string[])["/", $"/c/{CanaryBundle.Slug}", "/account/signin"])
        {
            using var response = await anonymous.GetAsync(page, cancellation);
            var missing = new[] { "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options" }.Where(h => !response.Headers.Contains(h)).ToList();
            result.Check($"headers on {page}", missing.Count == 0 ? $"{(int)response.StatusCode}, CSP, nosniff, X-Frame-Options" : $"{(int)response.StatusCode}, missing {string.Join(", ", missing)}",
                "CSP, X-Content-Type-Options, X-Frame-Options", missing.Count == 0);
        }
        // Behind a TLS proxy (deploy/nginx.conf sets X-Forwarded-Proto): HSTS is expected there, and only there.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        // The public name the proxy passes on, as nginx does: HSTS is never sent for localhost names.
        forwarded.Headers.Host = "arena.example.org";
        using var behindTls = await anonymous.SendAsync(forwarded, cancellation);
        using var plain = await anonymous.GetAsync("/", cancellation);
        var hsts = behindTls.Headers.Contains("Strict-Transport-Security");
        result.Check("HSTS with X-Forwarded-Proto: https", hsts ? "present" : "absent", "present (and absent over plain HTTP)",
            hsts && !plain.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>(c) 20 wrong passwords for one account: some answer 429, and the right password is then refused for a while.</summary>
    static async Task BruteForceAsync(SoloServer server, ScenarioResult result, CancellationToken cancellation)
    {
        using var victim = await server.SignUpAsync("sweep-victim", cancellation);
        using var attacker = server.Client();
        var statuses = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await attacker.PostAsJsonAsync("/api/auth/login", new { userName = "sweep-victim", password = $"wrong guess {i}" }, cancellation);
            statuses.Add((int)response.StatusCode);
        }
        using var right = await attacker.PostAsJsonAsync("/api/auth/login", new { userName = "sweep-victim", password = SoloServer.Password("sweep-victim") }, cancellation);
        var counts = string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()}x{g.Key}"));
        result.Check("20 wrong passwords", counts, "429 among them", statuses.Contains(429));
        result.Check("right password after them (lockout)", ((int)right.StatusCode).ToString(CultureInfo.InvariantCulture), "refused (423/429/401)", !right.IsSuccessStatusCode);
    }

    /// <summary>(e) The participant's public score on the leaderboard, against the competition's display precision.</summary>
    static async Task RoundingAsync(HttpClient participant, ScenarioResult result, CancellationToken cancellation)
    {
        var competition = JsonNode.Parse(await participant.GetStringAsync($"/api/competitions/{CanaryBundle.Slug}", cancellation))!.AsObject();
        var precision = competition.FirstOrDefault(p => p.Key.Contains("precision", StringComparison.OrdinalIgnoreCase) || p.Key.Contains("decimals", StringComparison.OrdinalIgnoreCase));
        var board = await participant.GetStringAsync($"/api/competitions/{CanaryBundle.Slug}/leaderboard", cancellation);
        var raw = board.Contains(CanaryBundle.PublicScore, StringComparison.Ordinal);
        result.Check("public score on the leaderboard", raw ? $"{CanaryBundle.PublicScore} (unrounded)" : "rounded",
            precision.Value is null ? "rounded to a display precision (the competition has none)" : $"rounded to {precision.Key} = {precision.Value}",
            precision.Value is not null && !raw);
    }
}

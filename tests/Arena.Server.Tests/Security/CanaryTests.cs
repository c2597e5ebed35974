using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Arena.Contracts;
using Arena.Data;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Security;

/// <summary>
/// The <c>labels</c> competition hides <see cref="TestBundles.CanaryLabel"/> as the true label of
/// <see cref="TestBundles.PrivateOnlyId"/>, a Private id. A participant goes through every route open to them, with
/// the server logging at Debug, and nothing they can see (and nothing the server logs) may give the label away, or say
/// which ids are Private.
/// </summary>
public sealed partial class CanaryTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    const string Slug = "labels";
    const string Canary = TestBundles.CanaryLabel;
    const string PrivateId = TestBundles.PrivateOnlyId;

    /// <summary>appsettings.json quiets three categories by name, which beats the "Microsoft" prefix, so those are raised too.</summary>
    static readonly Dictionary<string, string?> DebugLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
        ["Logging:LogLevel:Hangfire"] = "Debug",
    };

    /// <summary>The test set's ids, in the order of test.csv.</summary>
    static readonly string[] Ids = ["a1", "a2", "a3", PrivateId, "a5"];

    static string Csv(string header, IEnumerable<string> rows) => header + "\n" + string.Concat(rows.Select(r => r + "\n"));

    static string Labels(Func<string, string> label) => Csv("id,label", Ids.Select(id => $"{id},{label(id)}"));

    static readonly string AllCat = Labels(_ => "cat");

    /// <summary>Public a1 right, a2 wrong; Private a3 and a5 right and the canary id wrong: accuracy 0.5 and 2/3.</summary>
    static readonly string Mixed = Labels(id => id == "a5" ? "dog" : "cat");

    /// <summary>Files that fail validation, each with what is wrong with it.</summary>
    static readonly (string What, string Csv)[] BadFiles =
    [
        ("missing ids", Csv("id,label", Ids.Where(id => id != PrivateId).Select(id => $"{id},cat"))),
        ("header only", "id,label\n"),
        ("duplicate ids", AllCat + $"{PrivateId},dog\n"),
        ("unknown ids", AllCat + "zz-not-an-id,cat\n"),
        ("extra column", Csv("id,label,extra", Ids.Select(id => $"{id},cat,1"))),
        ("Usage column", Csv("id,label,Usage", Ids.Select(id => $"{id},cat,Public"))),
        ("empty label", Labels(id => id == PrivateId ? "" : "cat")),
        ("empty id", AllCat + ",cat\n"),
        ("field count", Csv("id,label", Ids.Select(id => id == PrivateId ? $"{id},cat,dog" : $"{id},cat"))),
        ("header case", Csv("ID,Label", Ids.Select(id => $"{id},cat"))),
        ("missing label column", Csv("id", Ids)),
        ("unterminated quote", Labels(id => id == PrivateId ? "\"cat" : "cat")),
        ("empty file", ""),
    ];

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Nothing_a_participant_sees_or_the_server_logs_gives_away_a_hidden_label_or_a_Private_id(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles, settings: DebugLogging);
        try
        {
            var seen = new Transcript();
            var participant = await app.SignUpAsync("canary-participant");
            await using var hub = await app.ConnectHubAsync(await app.TokenAsync("canary-participant"));
            hub.On<JsonElement>(nameof(ILeaderboardClient.LeaderboardUpdated), json => seen.Add("hub LeaderboardUpdated", json.GetRawText()));
            hub.On<JsonElement>(nameof(ILeaderboardClient.SubmissionUpdated), json => seen.Add("hub SubmissionUpdated", json.GetRawText()));
            seen.Add("hub Watch", JsonSerializer.Serialize(await hub.InvokeAsync<JsonElement>(nameof(ILeaderboardHub.Watch), Slug, Cancellation)));
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>(nameof(ILeaderboardHub.Watch), "no-such-competition", Cancellation));
            seen.Add("hub Watch refused", refused.Message);

            // Reading: the competition, its files, its leaderboards.
            await seen.GetAsync(participant, "/api/competitions", HttpStatusCode.OK);
            await seen.GetAsync(participant, $"/api/competitions/{Slug}", HttpStatusCode.OK);
            var files = JsonNode.Parse(await seen.GetAsync(participant, $"/api/competitions/{Slug}/files", HttpStatusCode.OK))!.AsArray();
            Assert.Equal(["sample_submission.csv", "test.csv"], files.Select(f => f!["name"]!.GetValue<string>()));
            foreach (var name in files.Select(f => f!["name"]!.GetValue<string>()))
                Assert.Contains(PrivateId, await seen.GetAsync(participant, $"/api/competitions/{Slug}/files/{name}", HttpStatusCode.OK, publicFile: true), StringComparison.Ordinal);
            foreach (var name in (string[])["solution.csv", "..%2Fprivate%2Fsolution.csv", "..%2F..%2Fprivate%2Fsolution.csv"])
                await seen.GetAsync(participant, $"/api/competitions/{Slug}/files/{name}", HttpStatusCode.NotFound);
            await seen.GetAsync(participant, $"/api/competitions/{Slug}/leaderboard", HttpStatusCode.OK);
            await seen.GetAsync(participant, $"/api/competitions/{Slug}/leaderboard?view=public", HttpStatusCode.OK);
            await seen.GetAsync(participant, $"/api/competitions/{Slug}/leaderboard?view=private", HttpStatusCode.Forbidden);
            await seen.GetAsync(participant, $"/api/competitions/{Slug}/leaderboard?view=Private", HttpStatusCode.Forbidden);

            // Validation: every bad file is refused, a good one is accepted, and nothing is stored.
            foreach (var (what, csv) in BadFiles)
            {
                var report = JsonNode.Parse(await seen.PostAsync(participant, $"validate: {what}", $"/api/competitions/{Slug}/submissions/validate", csv, HttpStatusCode.OK))!;
                Assert.False(report["valid"]!.GetValue<bool>(), $"validate: {what}");
                Assert.NotEmpty(report["errors"]!.AsArray());
            }
            var missing = JsonNode.Parse(seen.Last("validate: missing ids"))!["errors"]!.AsArray();
            Assert.Contains(missing, e => e!["code"]!.GetValue<string>() == "missing_ids");
            foreach (var csv in (string[])[AllCat, Mixed])
                Assert.True(JsonNode.Parse(await seen.PostAsync(participant, "validate: good", $"/api/competitions/{Slug}/submissions/validate", csv, HttpStatusCode.OK))!["valid"]!.GetValue<bool>());

            // Submitting: two valid files and three invalid ones (which give their daily slot back).
            var submitted = new Dictionary<Guid, string>();
            foreach (var (what, csv) in (IEnumerable<(string, string)>)[("valid: all cat", AllCat), ("valid: mixed", Mixed), BadFiles[0], BadFiles[2], BadFiles[3]])
            {
                var accepted = JsonNode.Parse(await seen.PostAsync(participant, $"submit: {what}", $"/api/competitions/{Slug}/submissions", csv, HttpStatusCode.Accepted))!;
                var id = Guid.Parse(accepted["id"]!.GetValue<string>());
                submitted[id] = csv;
                seen.Uploads[id] = csv;
                await participant.WaitForResultAsync(id);
            }
            foreach (var id in submitted.Keys)
                await seen.GetAsync(participant, $"/api/submissions/{id}", HttpStatusCode.OK);
            var own = JsonNode.Parse(await seen.GetAsync(participant, $"/api/competitions/{Slug}/submissions", HttpStatusCode.OK))!.AsArray();
            Assert.Equal(submitted.Keys.Order(), own.Select(s => Guid.Parse(s!["id"]!.GetValue<string>())).Order());
            Assert.Equal(2, own.Count(s => s!["status"]!.GetValue<string>() == "scored"));
            Assert.Equal(3, own.Count(s => s!["status"]!.GetValue<string>() == "failed"));
            Assert.All(own, s => Assert.Null(s!["privateScore"]?.GetValue<double?>()));

            // The hub has told the participant of every submission's end, and the leaderboard push after the last score has come.
            await WaitUntilAsync(() => submitted.Keys.All(id => seen.Texts("hub SubmissionUpdated").Any(t => t.Contains(id.ToString(), StringComparison.Ordinal)
                && (t.Contains("\"scored\"", StringComparison.Ordinal) || t.Contains("\"failed\"", StringComparison.Ordinal)))), "the hub's final updates");
            var finalVersion = await LeaderboardVersionAsync(app);
            await WaitUntilAsync(() => seen.Texts("hub LeaderboardUpdated").Any(t => JsonNode.Parse(t)!["version"]!.GetValue<long>() == finalVersion), "the leaderboard push");
            await Task.Delay(500, Cancellation);
            var privateScores = await PrivateScoresAsync(app, submitted.Keys);
            Assert.Equal(2, privateScores.Count);

            var logs = app.Logs.ToList();
            Assert.Contains(logs, line => line.StartsWith("Debug ", StringComparison.Ordinal));
            foreach (var (what, text, publicFile) in seen.Items)
            {
                Assert.False(text.Contains(Canary, StringComparison.Ordinal), $"{what} reveals the hidden label: {text}");
                foreach (var score in privateScores)
                    Assert.False(text.Contains(score, StringComparison.Ordinal), $"{what} reveals a private score ({score}): {text}");
                if (!publicFile)
                {
                    var rest = seen.WithoutAllowedMentions(what, text);
                    Assert.False(rest.Contains(PrivateId, StringComparison.Ordinal), $"{what} names the Private-only id outside the participant's own text: {rest}");
                }
            }
            // The id itself is spelt "private-only-id-77"; quoting it is not speaking of Private.
            foreach (var message in seen.ErrorMessages())
                Assert.False(PublicOrPrivate().IsMatch(message.Replace(PrivateId, "", StringComparison.Ordinal)), $"an error message speaks of Public or Private: {message}");
            foreach (var line in logs)
            {
                Assert.False(line.Contains(Canary, StringComparison.Ordinal), $"a log line reveals the hidden label: {line}");
                Assert.False(line.Contains(PrivateId, StringComparison.Ordinal), $"a log line names the Private-only id: {line}");
                foreach (var score in privateScores)
                    Assert.False(line.Contains(score, StringComparison.Ordinal), $"a log line has a private score ({score}): {line}");
            }
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    [GeneratedRegex(@"\b(public|private)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PublicOrPrivate();

    static async Task<List<string>> PrivateScoresAsync(ArenaApp app, IEnumerable<Guid> ids)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var list = ids.ToList();
        var scores = await scope.ServiceProvider.GetRequiredService<ArenaDb>().Submissions.AsNoTracking()
            .Where(s => list.Contains(s.Id) && s.PrivateScore != null).Select(s => s.PrivateScore!.Value).ToListAsync(Cancellation);
        return [.. scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture))];
    }

    static async Task<long> LeaderboardVersionAsync(ArenaApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArenaDb>().Competitions.Where(c => c.Slug == Slug).Select(c => c.LeaderboardVersion).SingleAsync(Cancellation);
    }

    static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {what} within 15 s");
            await Task.Delay(20, Cancellation);
        }
    }

    /// <summary>Every text the participant was shown, with what it answered and, for uploads, the file they sent.</summary>
    sealed class Transcript
    {
        readonly Lock _lock = new();
        readonly List<(string What, string Text, bool PublicFile)> _items = [];
        readonly Dictionary<string, string> _uploadsByWhat = [];

        /// <summary>Each submission's own file, so that its errors may quote it.</summary>
        public Dictionary<Guid, string> Uploads { get; } = [];

        public IReadOnlyList<(string What, string Text, bool PublicFile)> Items
        {
            get { lock (_lock) return [.. _items]; }
        }

        public void Add(string what, string text, bool publicFile = false)
        {
            lock (_lock) _items.Add((what, text, publicFile));
        }

        public IEnumerable<string> Texts(string what) => Items.Where(i => i.What == what).Select(i => i.Text);

        public string Last(string what) => Texts(what).Last();

        public async Task<string> GetAsync(HttpClient client, string path, HttpStatusCode expected, bool publicFile = false)
        {
            var response = await client.GetAsync(path, Cancellation);
            var body = await response.Content.ReadAsStringAsync(Cancellation);
            Add($"GET {path}", body, publicFile);
            Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode} {body}");
            return body;
        }

        public async Task<string> PostAsync(HttpClient client, string what, string path, string csv, HttpStatusCode expected)
        {
            var response = await client.PostAsync(path, ArenaClients.Form(csv, "submission.csv", null), Cancellation);
            var body = await response.Content.ReadAsStringAsync(Cancellation);
            Add(what, body);
            lock (_lock) _uploadsByWhat[what] = csv;
            Assert.True(response.StatusCode == expected, $"{what}: {(int)response.StatusCode} {body}");
            return body;
        }

        /// <summary>
        /// The text without the validation errors that may name an id: a "missing ids" summary (the ids are in the public
        /// test file), or an error about the participant's own file that quotes what they sent.
        /// </summary>
        public string WithoutAllowedMentions(string what, string text)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return text;
            }
            string? upload;
            lock (_lock) upload = _uploadsByWhat.GetValueOrDefault(what);
            Strip(node, upload);
            return node?.ToJsonString() ?? "";
        }

        void Strip(JsonNode? node, string? upload)
        {
            switch (node)
            {
                case JsonObject item:
                    // A submission's view carries its own file's errors.
                    if (item["id"] is JsonValue id && Guid.TryParse(id.ToString(), out var submission) && Uploads.TryGetValue(submission, out var own)) upload = own;
                    foreach (var (_, child) in item.ToList()) Strip(child, upload);
                    break;
                case JsonArray array:
                    foreach (var child in array.ToList())
                    {
                        if (child is JsonObject error && IsAllowed(error, upload)) array.Remove(child);
                        else Strip(child, upload);
                    }
                    break;
            }
        }

        static bool IsAllowed(JsonObject error, string? upload) =>
            error["code"] is JsonValue code && error["message"] is not null
            && (code.ToString() == "missing_ids" || (upload is not null && upload.Contains(PrivateId, StringComparison.Ordinal)));

        /// <summary>The message of every validation error and the detail of every problem answer, except the private leaderboard's 403.</summary>
        public IEnumerable<string> ErrorMessages()
        {
            foreach (var (what, text, _) in Items)
            {
                if (what.Contains("view=", StringComparison.Ordinal)) continue;
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    continue;
                }
                foreach (var message in Messages(node)) yield return $"{what}: {message}";
            }
        }

        static IEnumerable<string> Messages(JsonNode? node) => node switch
        {
            JsonObject item => (item["message"] is JsonValue m ? [m.ToString()] : item["detail"] is JsonValue d ? [d.ToString()] : Array.Empty<string>())
                .Concat(item.SelectMany(p => Messages(p.Value))),
            JsonArray array => array.SelectMany(Messages),
            _ => [],
        };
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Server.Tests.Humans;

/// <summary>
/// In the <c>humans</c> study every fifth test item's gold label is <see cref="HumanBundles.Canary"/>, a label the
/// annotators never give themselves. Two annotators go through everything a participant can do in a study (join,
/// practice, test items, repeats, conflicts, bad input, undo, items not theirs, session, protocol, results) with the
/// server logging at Debug and a hub connection open; outside the class list that every item carries, no body they
/// receive, no hub message and no log line may contain the canary, and no test answer says whether it was right.
/// </summary>
public sealed class HumanCanaryTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = HumanBundles.Create();

    static readonly Dictionary<string, string?> DebugLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
        ["Logging:LogLevel:Hangfire"] = "Debug",
    };

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    sealed class Transcript
    {
        public List<(string What, string Text)> Bodies { get; } = [];

        public async Task<JsonObject?> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string what)
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = JsonContent.Create(body);
            var response = await client.SendAsync(request, Cancellation);
            var text = await response.Content.ReadAsStringAsync(Cancellation);
            Bodies.Add(($"{what} ({(int)response.StatusCode})", text));
            return text.Length > 0 && JsonNode.Parse(text) is JsonObject o ? o : null;
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task No_study_output_to_participants_and_no_log_line_gives_a_test_item_gold_label_away(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, settings: DebugLogging);
        try
        {
            await app.SignUpAsync("admin");
            const string slug = "humans";
            var study = HumanSteps.Study(slug);
            var seen = new Transcript();
            var hubMessages = new List<string>();
            var annotators = new List<HttpClient>();
            foreach (var name in (string[])["canary-a", "canary-b"]) annotators.Add(await app.SignUpAsync(name));
            await using var watcher = await app.ConnectHubAsync(await app.TokenAsync("canary-a"));
            watcher.On<JsonElement>(nameof(ILeaderboardClient.LeaderboardUpdated), json => { lock (hubMessages) hubMessages.Add(json.GetRawText()); });
            hubMessages.Add(JsonSerializer.Serialize(await watcher.InvokeAsync<JsonElement>(nameof(ILeaderboardHub.Watch), slug, Cancellation)));

            var rightAnswers = new List<JsonObject>();
            var wrongAnswers = new List<JsonObject>();
            foreach (var (user, index) in annotators.Select((u, i) => (u, i)))
            {
                await seen.SendAsync(user, HttpMethod.Get, study, null, "protocol");
                await seen.SendAsync(user, HttpMethod.Get, $"{study}/session", null, "session before joining");
                await seen.SendAsync(user, HttpMethod.Post, $"{study}/session", new { expertise = "novice", sawTrainingData = index == 1 }, "join");
                await seen.SendAsync(user, HttpMethod.Post, $"{study}/session", new { expertise = "wizard", sawTrainingData = false }, "join, bad expertise");
                // The second annotator asks as the labelling page does, with the next item held ready behind the one in hand.
                var ahead = index == 1 ? "?ahead=true" : "";
                for (var step = 0; step < 25; step++)
                {
                    var next = (await seen.SendAsync(user, HttpMethod.Get, $"{study}/session/next{ahead}", null, "next"))!;
                    var id = HumanSteps.ItemId(next);
                    var practice = next["phase"]!.GetValue<string>() == "practice";
                    // Never the canary: "cat", "dog" or a skip, chosen from the id alone.
                    var label = id.EndsWith('4') ? null : id[^1] % 2 == 0 ? "cat" : "dog";
                    object body = label is null ? new { itemId = id, skip = "unsure", elapsedMs = 700 } : new { itemId = id, label, elapsedMs = 700 };
                    var answer = (await seen.SendAsync(user, HttpMethod.Post, $"{study}/session/answers{ahead}", body, practice ? "practice answer" : "test answer"))!;
                    if (practice)
                    {
                        Assert.NotNull(answer["goldLabel"]);
                        continue;
                    }
                    Assert.Null(answer["goldLabel"]);
                    Assert.Null(answer["correct"]);
                    if (label is not null) (label == HumanBundles.Label(id) ? rightAnswers : wrongAnswers).Add(answer);
                    await seen.SendAsync(user, HttpMethod.Post, $"{study}/session/answers{ahead}", body, "repeat");
                    await seen.SendAsync(user, HttpMethod.Post, $"{study}/session/answers",
                        new { itemId = id, label = label == "cat" ? "dog" : "cat", elapsedMs = 5 }, "conflicting answer");
                    await seen.SendAsync(user, HttpMethod.Post, $"{study}/session/answers", new { itemId = id, label = "unicorn", elapsedMs = 5 }, "bad label");
                    await seen.SendAsync(user, HttpMethod.Post, $"{study}/session/answers", new { itemId = "h05", label = "cat", elapsedMs = 5 }, "an item not served");
                    if (step % 7 == 0)
                    {
                        await seen.SendAsync(user, HttpMethod.Delete, $"{study}/session/answers/{id}", null, "undo");
                        await seen.SendAsync(user, HttpMethod.Get, $"{study}/session/next{ahead}", null, "next after undo");
                        await seen.SendAsync(user, HttpMethod.Post, $"{study}/session/answers{ahead}", body, "answer again");
                    }
                }
                await seen.SendAsync(user, HttpMethod.Delete, $"{study}/session/answers/h10", null, "undo of an answer not given");
                await seen.SendAsync(user, HttpMethod.Get, $"{study}/session", null, "session");
                await seen.SendAsync(user, HttpMethod.Get, $"{study}/results", null, "results");
                await seen.SendAsync(user, HttpMethod.Get, $"{study}/export", null, "export");
                await seen.SendAsync(user, HttpMethod.Post, $"{study}/close", null, "close");
            }
            Assert.NotEmpty(rightAnswers);
            Assert.NotEmpty(wrongAnswers);
            // A right and a wrong test answer look alike: the same fields, none about correctness.
            Assert.Equal(rightAnswers[0].Select(p => p.Key), wrongAnswers[0].Select(p => p.Key));
            Assert.Contains(seen.Bodies, b => b.What.StartsWith("test answer (200)", StringComparison.Ordinal));

            foreach (var (what, text) in seen.Bodies)
            {
                var rest = WithoutClassLists(text);
                Assert.False(rest.Contains(HumanBundles.Canary, StringComparison.Ordinal), $"{what} reveals a gold label: {text}");
                Assert.False(rest.Contains("goldLabel", StringComparison.Ordinal) && !what.StartsWith("practice", StringComparison.Ordinal), $"{what} has a gold label field: {text}");
            }
            lock (hubMessages) Assert.All(hubMessages, m => Assert.DoesNotContain(HumanBundles.Canary, m, StringComparison.Ordinal));
            var logs = app.Logs.ToList();
            Assert.Contains(logs, line => line.StartsWith("Debug ", StringComparison.Ordinal));
            Assert.All(logs, line => Assert.False(line.Contains(HumanBundles.Canary, StringComparison.Ordinal), $"a log line reveals a gold label: {line}"));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>The body with every "classes" array removed: the list of labels to choose from is public by design.</summary>
    static string WithoutClassLists(string text)
    {
        if (text.Length == 0 || JsonNode.Parse(text) is not JsonNode node) return text;
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    o.Remove("classes");
                    foreach (var (_, child) in o) Strip(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Strip(child);
                    break;
            }
        }
    }
}

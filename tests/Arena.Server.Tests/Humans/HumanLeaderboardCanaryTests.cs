using System.Text.Json;
using System.Text.RegularExpressions;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static Arena.Server.Tests.Humans.HumanLeaderboardSteps;

namespace Arena.Server.Tests.Humans;

/// <summary>
/// Before the reveal, the leaderboard's human figures must not give away private-split scores, gold labels or study
/// item ids. "splitter" is right on every Public row and wrong on every Private one, so any figure over all study
/// items would show below 100%; the <c>humans</c> bundle's canary label is the gold label of every fifth item. With
/// Debug logging and a participant's hub connection open, an annotator answers study items; every leaderboard body
/// (anonymous and participant), every hub message and every log line is then searched.
/// </summary>
public sealed partial class HumanLeaderboardCanaryTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = HumanBundles.Create();

    static readonly Dictionary<string, string?> DebugLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft"] = "Debug",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
    };

    [GeneratedRegex(@"\bh\d\d\b")]
    private static partial Regex StudyItemId();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task No_private_split_figure_gold_label_or_item_id_leaves_through_the_leaderboard_before_the_reveal(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, settings: DebugLogging);
        try
        {
            await app.SignUpAsync("admin");
            var splitter = await app.SignUpAsync("splitter");
            await splitter.WaitForResultAsync(await splitter.SubmitAcceptedAsync(Slug, Submission(i => i <= 20)));
            var hubMessages = new List<string>();
            await using var watcher = await app.ConnectHubAsync(await app.TokenAsync("splitter"));
            watcher.On<JsonElement>(nameof(ILeaderboardClient.LeaderboardUpdated), json => { lock (hubMessages) hubMessages.Add(json.GetRawText()); });
            await watcher.InvokeAsync<JsonElement>(nameof(ILeaderboardHub.Watch), Slug, Cancellation);

            var given = await (await app.SignUpAsync("annotator")).AnswerTestItemsAsync(30, i => i % 2 == 1);
            var all = Expected(given, _ => true, i => i <= 20, "all");
            var publicOnly = Expected(given, IsPublic, i => i <= 20, "public");
            // The test means something only if the full set would tell: the model is wrong on the private items.
            Assert.True(all.ModelScore < 1);
            Assert.Equal(1, publicOnly.ModelScore);
            await HangfireJobs.EventuallyAsync(() => { lock (hubMessages) return hubMessages.Any(m => m.Contains("\"human\":{", StringComparison.Ordinal)); },
                "no push carried the human row", seconds: 20);

            var bodies = new List<string>();
            foreach (var client in (HttpClient[])[app.CreateClient(), splitter])
                bodies.Add(await client.GetStringAsync($"/api/competitions/{Slug}/leaderboard", Cancellation));
            lock (hubMessages) bodies.AddRange(hubMessages);
            foreach (var body in bodies)
            {
                Assert.DoesNotContain(HumanBundles.Canary, body, StringComparison.Ordinal);
                Assert.DoesNotMatch(StudyItemId(), body);
                Assert.DoesNotContain("goldLabel", body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("\"itemId", body, StringComparison.OrdinalIgnoreCase);
                var snapshot = JsonSerializer.Deserialize<LeaderboardSnapshot>(body, ArenaClients.Json)!;
                if (snapshot.HumanItems is null) continue;
                // Pushes sent while answers came in cover fewer items; none may hold a private one (the model would fall below 100%).
                Assert.Equal("public", snapshot.HumanItems.ItemSet);
                Assert.InRange(snapshot.HumanItems.Items, 0, publicOnly.Items);
                var figure = Assert.Single(snapshot.Rows, r => r.DisplayName == "splitter").OnHumanItems;
                if (figure is not null) Assert.Equal(("public", 1.0), (figure.ItemSet, figure.ModelScore));
                if (snapshot.HumanItems.Items == publicOnly.Items) AssertSame(publicOnly, figure);
            }
            Assert.Contains(app.Logs, line => line.StartsWith("Debug ", StringComparison.Ordinal));
            Assert.All(app.Logs, line => Assert.False(line.Contains(HumanBundles.Canary, StringComparison.Ordinal), $"a log line reveals a gold label: {line}"));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

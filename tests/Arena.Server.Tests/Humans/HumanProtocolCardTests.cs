using System.Net;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Arena.Server.Tests.Tracks;
using static Arena.Server.Tests.Humans.HumanLeaderboardSteps;

namespace Arena.Server.Tests.Humans;

/// <summary>
/// The protocol card page (/c/{slug}/human-study/protocol) as an anonymous visitor sees it: the aggregate while the
/// competition is open, never the seed, split hash, item ids or per-annotator rows; and a 404 once the competition
/// belongs to a group the visitor is not in; and the organizer's fuller card (seed, split hash, item ids, annotators).
/// </summary>
public sealed class HumanProtocolCardTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = HumanBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_anonymous_visitor_sees_the_aggregate_only_and_nothing_of_a_private_group(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var given = await (await app.SignUpAsync("annotator")).AnswerTestItemsAsync(10, i => i % 2 == 1);
            var anonymous = app.CreateClient();

            var page = await anonymous.GetStringAsync($"/c/{Slug}/human-study/protocol", Cancellation);

            Assert.Contains("data-testid=\"protocol-score\"", page, StringComparison.Ordinal);
            Assert.Contains("95% Wilson interval [", page, StringComparison.Ordinal);
            Assert.Contains($"on {given.Count} items, 1 annotator", page, StringComparison.Ordinal);
            Assert.Contains("meanOfIndividuals", page, StringComparison.Ordinal);
            foreach (var hidden in new[] { "protocol-seed", "protocol-split-hash", "protocol-item-ids", "protocol-annotators", "protocol-oracle" })
                Assert.DoesNotContain(hidden, page, StringComparison.Ordinal);
            Assert.All(given.Keys, id => Assert.DoesNotContain($" {id} ", page, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/c/{Slug}-none/human-study/protocol", Cancellation)).StatusCode);

            var organizers = await admin.GetStringAsync($"/c/{Slug}/human-study/protocol", Cancellation);
            Assert.Contains($"data-testid=\"protocol-seed\">{Seed}<", organizers, StringComparison.Ordinal);
            Assert.Matches("data-testid=\"protocol-split-hash\"><code>[0-9a-f]{64}</code>", organizers);
            Assert.Contains("data-testid=\"protocol-annotators\"", organizers, StringComparison.Ordinal);
            Assert.Contains("(annotator)", organizers, StringComparison.Ordinal);
            Assert.All(given.Keys, id => Assert.Contains($" {id} ", " " + ItemIdsIn(organizers) + " ", StringComparison.Ordinal));

            var owner = await app.SignUpAsync("owner");
            await owner.GroupWithMembersAsync("closed-circle");
            await app.AttachToGroupAsync(Slug, "closed-circle");
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/c/{Slug}/human-study/protocol", Cancellation)).StatusCode);
            var outsider = await app.SignUpAsync("outsider");
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/c/{Slug}/human-study/protocol", Cancellation)).StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>The text of the card's item-id list (empty when the card has none).</summary>
    static string ItemIdsIn(string page)
    {
        var list = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"protocol-item-ids\">.*?<p class=\"wrap\">([^<]*)</p>",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        return list.Success ? list.Groups[1].Value : "";
    }
}

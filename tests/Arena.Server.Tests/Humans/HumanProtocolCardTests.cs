using System.Net;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Arena.Server.Tests.Tracks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
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

    /// <summary>
    /// The same anonymous visitor before and after the competition's deadline: only then the seed, split hash, item ids
    /// and the per-annotator rows (pseudonymous: never a user name), and never a gold label.
    /// </summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_seed_item_ids_and_annotators_reach_an_anonymous_visitor_only_after_the_deadline(Provider provider)
    {
        // An hour before the humans-deadline bundle's deadline (2030-01-01).
        var clock = new FakeTimeProvider(new DateTimeOffset(2029, 12, 31, 23, 0, 0, TimeSpan.Zero));
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(clock));
        try
        {
            const string slug = "humans-deadline";
            var admin = await app.SignUpAsync("admin");
            var annotator = await app.SignUpAsync("annotator-zed");
            await annotator.JoinStudyAsync(slug, "expert", sawTrainingData: true);
            var next = await annotator.PractiseAsync(slug);
            var given = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                if (i > 0) next = await annotator.NextAsync(slug);
                var id = HumanSteps.ItemId(next);
                clock.Advance(TimeSpan.FromSeconds(3));
                await annotator.AnsweredAsync(slug, id, HumanBundles.Label(id));
                given.Add(id);
            }
            var anonymous = app.CreateClient();
            var path = $"/c/{slug}/human-study/protocol";

            var open = await anonymous.GetStringAsync(path, Cancellation);
            Assert.Contains("on 3 items, 1 annotator", open, StringComparison.Ordinal);
            Assert.Contains("published when the competition closes", open, StringComparison.Ordinal);
            foreach (var hidden in new[] { "protocol-seed", "protocol-split-hash", "protocol-item-ids", "protocol-annotators", "protocol-oracle", "annotator-zed" })
                Assert.DoesNotContain(hidden, open, StringComparison.Ordinal);
            Assert.Equal("", ItemIdsIn(open));
            Assert.All(given, id => Assert.DoesNotContain($" {id} ", open, StringComparison.Ordinal));

            clock.SetUtcNow(new DateTimeOffset(2030, 1, 1, 0, 0, 1, TimeSpan.Zero));
            var closed = await anonymous.GetStringAsync(path, Cancellation);
            Assert.Contains($"data-testid=\"protocol-seed\">{Seed}<", closed, StringComparison.Ordinal);
            Assert.Matches("data-testid=\"protocol-split-hash\"><code>[0-9a-f]{64}</code>", closed);
            var ids = ItemIdsIn(closed).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(50, ids.Length); // the bundle's sample
            Assert.All(given, id => Assert.Contains(id, ids));
            Assert.Contains("data-testid=\"protocol-annotators\"", closed, StringComparison.Ordinal);
            Assert.Contains("<td>Annotator 1</td>", closed, StringComparison.Ordinal);
            Assert.Contains("<td>expert</td>", closed, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"protocol-status\">closed<", closed, StringComparison.Ordinal);
            Assert.DoesNotContain("annotator-zed", closed, StringComparison.Ordinal);
            Assert.DoesNotContain("goldLabel", closed, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("annotator-zed", await admin.GetStringAsync(path, Cancellation), StringComparison.Ordinal);
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

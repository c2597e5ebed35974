using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Humans;

/// <summary>
/// The labelling page's one request per item: with <c>?ahead=true</c> the server holds the next test item ready behind
/// the one in hand, an answer brings the item after that, and the held item's clock starts when the answer before it lands.
/// </summary>
public sealed class HumanHeldReadyTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = HumanBundles.Create();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2029, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_answer_brings_the_item_after_the_one_held_ready_whose_clock_starts_then(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            var admin = await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            const string slug = "humans-k3"; // no practice, 60 s per item
            var study = HumanSteps.Study(slug);
            await ada.JoinStudyAsync(slug);

            var first = await NextAheadAsync(ada, study);
            var (a, b) = (HumanSteps.ItemId(first), HumanSteps.ItemId(first["upcoming"]!.AsObject()));
            Assert.NotEqual(a, b);
            Assert.Equal((1, 2), (Index(first), Index(first["upcoming"]!.AsObject())));
            Assert.DoesNotContain("goldLabel", first.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("correct", first.ToJsonString(), StringComparison.Ordinal);
            // A reload gets the same two; without ?ahead the API still gives the item in hand alone.
            Assert.Equal(first.ToJsonString(), (await NextAheadAsync(ada, study)).ToJsonString());
            var plain = await ada.NextAsync(slug);
            Assert.Equal(a, HumanSteps.ItemId(plain));
            Assert.Null(plain["upcoming"]);

            // The item held ready waits for the one in hand.
            var early = await ada.PostAsJsonAsync($"{study}/session/answers?ahead=true", new { itemId = b, label = "cat", elapsedMs = 900 }, Cancellation);
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Contains($"'{a}'", (await early.Json()).Detail(), StringComparison.Ordinal);

            _clock.Advance(TimeSpan.FromSeconds(20));
            var answered = await AnswerAheadAsync(ada, study, a);
            Assert.False(answered.ContainsKey("goldLabel"));
            var next = answered["next"]!.AsObject();
            Assert.Equal(b, HumanSteps.ItemId(next));
            // B was on screen from this answer on: its time and its limit count from now, not from when it was served.
            Assert.Equal(_clock.GetUtcNow().UtcDateTime, next["item"]!["servedAt"]!.GetValue<DateTime>());
            Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddSeconds(60), next["item"]!["expiresAt"]!.GetValue<DateTime>());
            var c = HumanSteps.ItemId(next["upcoming"]!.AsObject());
            Assert.DoesNotContain(c, new[] { a, b });
            // The same answer again (a reload resending it) is one answer, with the same next items.
            Assert.Equal(next.ToJsonString(), (await AnswerAheadAsync(ada, study, a))["next"]!.ToJsonString());

            // Closed now: B, in hand, counts as an expired skip; C, only held ready, was never shown and does not count.
            _clock.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{study}/close", null, Cancellation)).StatusCode);
            var results = (await admin.GetFromJsonAsync<JsonObject>($"{study}/results", Cancellation))!;
            var items = results["items"]!.AsArray().Select(i => (i!["itemId"]!.GetValue<string>(), i["skipped"]!.GetValue<int>())).Order().ToList();
            Assert.Equal(new[] { (a, 0), (b, 1) }.Order(), items);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Nothing_is_held_ready_behind_a_practice_item(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            await app.SignUpAsync("admin");
            var bo = await app.SignUpAsync("bo");
            const string slug = "humans"; // 10 practice items first
            var study = HumanSteps.Study(slug);
            await bo.JoinStudyAsync(slug);
            for (var i = 0; i < 10; i++)
            {
                var practice = await NextAheadAsync(bo, study);
                Assert.Equal("practice", practice["phase"]!.GetValue<string>());
                Assert.Null(practice["upcoming"]);
                var id = HumanSteps.ItemId(practice);
                var recorded = await AnswerAheadAsync(bo, study, id, HumanBundles.TrainLabel(id));
                Assert.NotNull(recorded["goldLabel"]);
                Assert.Null(recorded["next"]); // the feedback comes first; the page asks when the member goes on
            }
            var test = await NextAheadAsync(bo, study);
            Assert.Equal(("test", "test"), (test["phase"]!.GetValue<string>(), test["upcoming"]!["phase"]!.GetValue<string>()));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static int Index(JsonObject next) => next["position"]!["index"]!.GetValue<int>();

    static async Task<JsonObject> NextAheadAsync(HttpClient user, string study)
    {
        var response = await user.GetAsync($"{study}/session/next?ahead=true", Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.Json();
    }

    static async Task<JsonObject> AnswerAheadAsync(HttpClient user, string study, string itemId, string label = "cat")
    {
        var response = await user.PostAsJsonAsync($"{study}/session/answers?ahead=true", new { itemId, label, elapsedMs = 900 }, Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.Json();
    }
}

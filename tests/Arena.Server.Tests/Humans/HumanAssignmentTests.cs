using System.Net;
using System.Net.Http.Json;
using Arena.Data;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Humans;

/// <summary>Who gets which item: k annotators per item, in order, the 30-minute hand-over, time limits, and races.</summary>
public sealed class HumanAssignmentTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = HumanBundles.Create();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2029, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    Task<ArenaApp> StartAsync(Provider provider) =>
        ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Each_item_gets_its_annotators_once_and_an_abandoned_one_is_handed_over_after_30_minutes(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            const string slug = "humans-k3";
            var people = new List<HttpClient>();
            for (var i = 0; i < 4; i++)
            {
                var person = await app.SignUpAsync($"person{i}");
                await (await person.PostAsJsonAsync($"{HumanSteps.Study(slug)}/session", new { expertise = "novice", sawTrainingData = false }, Cancellation))
                    .Content.ReadAsStringAsync(Cancellation);
                people.Add(person);
            }

            // Three annotators per item: the first three get the first item, the fourth the second.
            var served = new List<string>();
            foreach (var person in people) served.Add(HumanSteps.ItemId(await person.NextAsync(slug)));
            Assert.Equal(served[0], served[1]);
            Assert.Equal(served[0], served[2]);
            Assert.NotEqual(served[0], served[3]);
            var k3 = await people[0].NextAsync(slug);
            Assert.Equal("text:note", k3["render"]!.GetValue<string>());
            Assert.Equal(60, k3["secondsPerItem"]!.GetValue<int>());
            Assert.Equal(k3["item"]!["servedAt"]!.GetValue<DateTime>().AddSeconds(60), k3["item"]!["expiresAt"]!.GetValue<DateTime>());

            // person0 answers, person1 walks away; 31 minutes later the fourth person, done with their item, gets person1's slot.
            await people[0].AnsweredAsync(slug, served[0], "cat");
            await people[2].AnsweredAsync(slug, served[0], "dog");
            _clock.Advance(TimeSpan.FromMinutes(31));
            await people[3].AnsweredAsync(slug, served[3], "cat", elapsedMs: 1000);
            Assert.Equal(served[0], HumanSteps.ItemId(await people[3].NextAsync(slug)));
            var late = await people[1].AnswerAsync(slug, served[0], "cat");
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("handed", (await late.Json()).Detail(), StringComparison.Ordinal);
            Assert.NotEqual(served[0], HumanSteps.ItemId(await people[1].NextAsync(slug)));

            // A label after the time limit (60 s and 5 s of grace) counts as a time-up skip, keeping the label.
            _clock.Advance(TimeSpan.FromSeconds(70));
            var timeUp = await people[3].AnsweredAsync(slug, served[0], "dog");
            Assert.Equal(("time-up", "dog"), (timeUp["skip"]!.GetValue<string>(), timeUp["lateLabel"]!.GetValue<string>()));
            Assert.Null(timeUp["label"]?.GetValue<string>());
            Assert.Equal(timeUp.ToJsonString(), (await people[3].AnsweredAsync(slug, served[0], "dog")).ToJsonString());

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
            var perItem = await db.HumanAssignments.Where(a => a.Item!.ItemId == served[0]).Select(a => a.Slot).ToListAsync(Cancellation);
            Assert.Equal([0, 1, 2], perItem.Order());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>Two tabs asking at once get the same item; many annotators asking at once never share a slot.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Concurrent_requests_neither_duplicate_nor_overfill_assignments(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            const string slug = "humans-k3";
            var people = new List<HttpClient>();
            for (var i = 0; i < 7; i++)
            {
                var person = await app.SignUpAsync($"racer{i}");
                await person.JoinStudyAsync(slug);
                people.Add(person);
            }
            var tabs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => people[0].NextAsync(slug)));
            Assert.Single(tabs.Select(t => t.ToJsonString()).Distinct());

            var all = await Task.WhenAll(people.Skip(1).Select(p => p.NextAsync(slug)));
            var items = all.Select(HumanSteps.ItemId).Append(HumanSteps.ItemId(tabs[0])).ToList();
            Assert.All(items.GroupBy(i => i), g => Assert.True(g.Count() <= 3, $"{g.Key} went to {g.Count()} annotators"));
            Assert.Equal(3, items.Distinct().Count()); // 7 people, 3 per item, in order: 3 + 3 + 1

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
            Assert.Equal(7, await db.HumanAssignments.CountAsync(Cancellation));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

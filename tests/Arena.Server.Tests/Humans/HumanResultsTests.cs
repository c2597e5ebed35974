using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Data;
using Arena.Scoring.Humans;
using Arena.Server.Humans;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Humans;

/// <summary>Results from the stored answers, what participants see of them before and after the deadline, and the leaderboard's service.</summary>
public sealed class HumanResultsTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = HumanBundles.Create();
    // An hour before the deadline bundle's deadline: a fake clock fires the app's timers for every period it jumps over.
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2029, 12, 31, 23, 0, 0, TimeSpan.Zero));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Practises, then answers <paramref name="count"/> test items as <paramref name="answer"/> says; returns the responses as the library takes them.</summary>
    internal static async Task<List<HumanResponse>> LabelAsync(HttpClient user, string slug, string annotator, int count,
        Func<string, (string? Label, string? Skip)> answer, Action<TimeSpan>? wait = null)
    {
        var responses = new List<HumanResponse>();
        var next = await user.PractiseAsync(slug);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) next = await user.NextAsync(slug);
            var id = HumanSteps.ItemId(next);
            wait?.Invoke(TimeSpan.FromSeconds(2 + i));
            var (label, skip) = answer(id);
            var recorded = await user.AnsweredAsync(slug, id, label, skip);
            responses.Add(new HumanResponse(id, annotator, label, skip, recorded["serverMilliseconds"]!.GetValue<long>(), recorded["position"]!.GetValue<int>()));
        }
        return responses;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Results_come_from_the_stored_answers_and_participants_see_the_details_only_after_the_deadline(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            var admin = await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            var bob = await app.SignUpAsync("bob");
            const string slug = "humans-deadline";
            var results = $"{HumanSteps.Study(slug)}/results";

            var empty = (await ada.GetFromJsonAsync<JsonObject>(results, Cancellation))!;
            Assert.Null(empty["score"]?.GetValue<double?>());
            Assert.Equal(0, empty["itemCount"]!.GetValue<int>());

            await ada.JoinStudyAsync(slug, "expert", sawTrainingData: true);
            await bob.JoinStudyAsync(slug);
            var responses = await LabelAsync(ada, slug, "000001", 6, id => id.EndsWith('3') ? (null, "unsure") : (HumanBundles.Label(id), null), _clock.Advance);
            responses.AddRange(await LabelAsync(bob, slug, "000002", 4, _ => ("cat", null), _clock.Advance));
            var study = (await admin.GetFromJsonAsync<JsonObject>(HumanSteps.Study(slug), Cancellation))!;
            var items = study["itemIds"]!.AsArray().Select(i => i!.GetValue<string>()).Where(id => responses.Any(r => r.ItemId == id))
                .Select(id => new HumanStudyItem(id, HumanBundles.Label(id))).ToList();
            var expected = HumanBaseline.Compute(items, responses);

            // Organizers: every figure, from the library, on the answers as stored; names and gold labels.
            var full = (await admin.GetFromJsonAsync<JsonObject>(results, Cancellation))!;
            Assert.Equal(expected.Score, full["score"]!.GetValue<double>());
            Assert.Equal(expected.Interval.Low, full["interval"]!["low"]!.GetValue<double>());
            Assert.Equal(expected.Interval.High, full["interval"]!["high"]!.GetValue<double>());
            Assert.Equal((10, 2, 50), (full["itemCount"]!.GetValue<int>(), full["annotatorCount"]!.GetValue<int>(), full["sampleSize"]!.GetValue<int>()));
            Assert.Equal(expected.Coverage, full["coverage"]!.GetValue<double>());
            Assert.Equal(expected.MedianSecondsPerItem, full["medianSecondsPerItem"]!.GetValue<double>());
            var annotators = full["annotators"]!.AsArray();
            Assert.Equal(["ada", "bob"], annotators.Select(a => a!["userName"]!.GetValue<string>()));
            Assert.Equal(("Annotator 1", "expert", true, 10, 10), (annotators[0]!["annotator"]!.GetValue<string>(), annotators[0]!["expertise"]!.GetValue<string>(),
                annotators[0]!["sawTrainingData"]!.GetValue<bool>(), annotators[0]!["practiceAnswered"]!.GetValue<int>(), annotators[0]!["practiceCorrect"]!.GetValue<int>()));
            Assert.All(full["items"]!.AsArray(), i => Assert.Equal(HumanBundles.Label(i!["itemId"]!.GetValue<string>()), i["goldLabel"]!.GetValue<string>()));

            // Participants, while the competition is open: the aggregate and nothing per item or per person.
            var open = (await ada.GetFromJsonAsync<JsonObject>(results, Cancellation))!;
            Assert.Equal(["status", "scoring", "aggregation", "provisional", "score", "interval", "itemCount", "sampleSize", "annotatorCount", "coverage"],
                open.Select(p => p.Key));
            Assert.Equal(expected.Score, open["score"]!.GetValue<double>());

            // After the deadline: the study is closed, item ids are public, and figures are per pseudonymous annotator and per item.
            _clock.SetUtcNow(new DateTimeOffset(2030, 1, 1, 0, 0, 1, TimeSpan.Zero));
            var closed = (await ada.GetFromJsonAsync<JsonObject>(results, Cancellation))!;
            Assert.Equal("closed", closed["status"]!.GetValue<string>());
            Assert.Equal(expected.Score, closed["score"]!.GetValue<double>());
            Assert.Equal(["Annotator 1", "Annotator 2"], closed["annotators"]!.AsArray().Select(a => a!["annotator"]!.GetValue<string>()));
            Assert.DoesNotContain("userName", closed.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("goldLabel", closed.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(10, closed["items"]!.AsArray().Count);
            Assert.Equal(50, (await ada.GetFromJsonAsync<JsonObject>(HumanSteps.Study(slug), Cancellation))!["itemIds"]!.AsArray().Count);
            Assert.Equal(HttpStatusCode.Conflict, (await ada.GetAsync($"{HumanSteps.Study(slug)}/session/next", Cancellation)).StatusCode);
            var late = await admin.PostAsJsonAsync(HumanSteps.Study(slug), new { }, Cancellation);
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("has closed", (await late.Json()).Detail(), StringComparison.Ordinal);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>The service a later leaderboard change calls: the same baseline, the panel for the paired comparison.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_leaderboard_service_gives_the_items_the_panel_and_the_result(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            var admin = await app.SignUpAsync("admin");
            const string slug = "humans-k3";
            var people = new List<HttpClient>();
            for (var i = 0; i < 3; i++)
            {
                people.Add(await app.SignUpAsync($"k{i}"));
                await people[i].JoinStudyAsync(slug);
            }
            // Three annotators on the same five items: two right and one "cat" each time, so the majority is right.
            for (var i = 0; i < 3; i++)
                await LabelAsync(people[i], slug, "", 5, id => (i == 2 ? "cat" : HumanBundles.Label(id), null));

            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
            var competitionId = await db.Competitions.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync(Cancellation);
            var service = scope.ServiceProvider.GetRequiredService<HumanBaselines>();
            var snapshot = (await service.ForCompetitionAsync(competitionId, Cancellation))!;
            var results = (await admin.GetFromJsonAsync<JsonObject>($"{HumanSteps.Study(slug)}/results", Cancellation))!;

            Assert.False(snapshot.Finished);
            Assert.Equal(HumanAggregation.MajorityOfK, snapshot.Aggregation);
            Assert.Equal(50, snapshot.ItemIds.Count);
            Assert.Equal(StratifiedSample.SplitHash(snapshot.ItemIds), snapshot.SplitHash);
            Assert.Equal(results["score"]!.GetValue<double>(), snapshot.Result!.Score);
            Assert.Equal(1.0, snapshot.Result.Score);
            Assert.Equal(5, snapshot.Panel!.ItemIds.Count);
            Assert.All(snapshot.PerItem, t => Assert.Equal((3, true), (t.Responses, t.MajorityCorrect)));
            // A model right on every item beats this panel by nothing; the library does the paired comparison.
            var model = snapshot.Panel.ItemIds.ToDictionary(id => id, _ => 1.0);
            var difference = PairedBootstrap.Difference(model, snapshot.Panel, snapshot.Aggregation, seed: 1, resamples: 200, cancellation: Cancellation);
            Assert.Equal(0, difference.Observed);
            Assert.Null(await service.ForCompetitionAsync(await db.Competitions.Where(c => c.Slug == "humans-api").Select(c => c.Id).SingleAsync(Cancellation), Cancellation));

            await admin.PostAsync($"{HumanSteps.Study(slug)}/close", null, Cancellation);
            Assert.True((await service.ForCompetitionAsync(competitionId, Cancellation))!.Finished);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

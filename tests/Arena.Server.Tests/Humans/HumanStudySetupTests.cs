using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Scoring.Humans;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Humans;

/// <summary>Setting a study up: from a bundle's humanStudy section at import, and through the organizers' route.</summary>
public sealed class HumanStudySetupTests(PostgresCluster cluster) : IAsyncDisposable
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
    public async Task A_bundle_with_a_humanStudy_section_gets_its_seeded_stratified_study_at_import(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var participant = await app.SignUpAsync("participant");

            var study = (await admin.GetFromJsonAsync<JsonObject>(HumanSteps.Study("humans"), Cancellation))!;
            Assert.Equal("open", study["status"]!.GetValue<string>());
            Assert.Equal(1, study["protocolVersion"]!.GetValue<int>());
            Assert.Equal(7, study["seed"]!.GetValue<int>());
            Assert.Equal(50, study["sampleSize"]!.GetValue<int>());
            Assert.True(study["provisional"]!.GetValue<bool>());
            Assert.Equal(10, study["practiceItems"]!.GetValue<int>());
            Assert.Equal("table", study["render"]!.GetValue<string>());
            Assert.Equal("meanOfIndividuals", study["aggregation"]!.GetValue<string>());
            Assert.Contains("accuracy on the class label", study["scoring"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal([HumanBundles.Canary, "cat", "dog"], study["classes"]!.AsArray().Select(c => c!.GetValue<string>()));

            // Exactly the sample the scoring library draws from the scored rows (Ignored h61..h64 left out), with its hash.
            var ids = study["itemIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            var scored = Enumerable.Range(1, HumanBundles.Scored).Select(i => new LabelledItem(HumanBundles.Id(i), HumanBundles.Label(i)));
            var expected = StratifiedSample.Draw(scored, seed: 7, size: 50);
            Assert.Equal(expected.ItemIds, ids);
            Assert.Equal(expected.SplitHash, study["splitHash"]!.GetValue<string>());
            Assert.Equal(StratifiedSample.SplitHash(ids), study["splitHash"]!.GetValue<string>());
            var practice = study["practiceItemIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            Assert.Equal(PracticeItems.Draw(Enumerable.Range(1, HumanBundles.TrainRows).Select(i => $"t{i:00}"), ids, 7, 10), practice);

            // A participant reads the protocol but not which items were sampled.
            var seen = (await participant.GetFromJsonAsync<JsonObject>(HumanSteps.Study("humans"), Cancellation))!;
            Assert.Equal(50, seen["sampleSize"]!.GetValue<int>());
            Assert.Null(seen["itemIds"]);
            Assert.Null(seen["practiceItemIds"]);
            Assert.Null(seen["seed"]);
            Assert.Null(seen["splitHash"]);

            // k = 3 with a majority, text rendering and a time limit come from the yaml too.
            var k3 = (await admin.GetFromJsonAsync<JsonObject>(HumanSteps.Study("humans-k3"), Cancellation))!;
            Assert.Equal((3, "majorityOfK", "text:note", 60, 0), (k3["annotatorsPerItem"]!.GetValue<int>(), k3["aggregation"]!.GetValue<string>(),
                k3["render"]!.GetValue<string>(), k3["secondsPerItem"]!.GetValue<int>(), k3["practiceItems"]!.GetValue<int>()));

            // Bundles without the section have no study.
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(HumanSteps.Study("humans-api"), Cancellation)).StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Organizers_set_a_study_up_with_defaults_or_choices_and_bad_settings_are_named(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var participant = await app.SignUpAsync("participant");
            var route = HumanSteps.Study("humans-api");

            Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsJsonAsync(route, new { }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync(route, new { }, Cancellation)).StatusCode);

            await (await admin.PostAsJsonAsync(route, new { sample = 10 }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "sample");
            await (await admin.PostAsJsonAsync(route, new { sample = "many" }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "sample");
            await (await admin.PostAsJsonAsync(route, new { practice = 5 }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "practice");
            await (await admin.PostAsJsonAsync(route, new { practice = 25 }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "practice");
            await (await admin.PostAsJsonAsync(route, new { annotatorsPerItem = 6 }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "annotatorsPerItem");
            await (await admin.PostAsJsonAsync(route, new { annotatorsPerItem = 2, aggregation = "majorityOfK" }, Cancellation))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "aggregation");
            await (await admin.PostAsJsonAsync(route, new { aggregation = "median" }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "aggregation");
            await (await admin.PostAsJsonAsync(route, new { render = "video" }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "render");
            await (await admin.PostAsJsonAsync(route, new { render = "image:4x4" }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "render");
            await (await admin.PostAsJsonAsync(route, new { render = "text:nothing" }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "render");
            await (await admin.PostAsJsonAsync(route, new { secondsPerItem = 0 }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "secondsPerItem");
            await (await admin.PostAsJsonAsync(route, new { samples = 100 }, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "samples");
            var notJson = await admin.PostAsync(route, new StringContent("{sample:", System.Text.Encoding.UTF8, "application/json"), Cancellation);
            await notJson.AssertProblemAsync(HttpStatusCode.BadRequest, "body");
            // No train.csv: practice is empty by default, and asking for some is refused.
            await (await admin.PostAsJsonAsync(HumanSteps.Study("humans-notrain"), new { practice = 10 }, Cancellation))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "practice");
            // Humans give labels: a regression competition cannot have a study.
            await (await admin.PostAsJsonAsync(HumanSteps.Study("humans-regression"), new { }, Cancellation))
                .AssertProblemAsync(HttpStatusCode.Conflict, "metric");

            var created = await admin.PostAsJsonAsync(route, new { }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var study = await created.Json();
            // The default asks for 400; with fewer scored rows than that, every one of them is taken.
            Assert.Equal(HumanBundles.Scored, study["sampleSize"]!.GetValue<int>());
            Assert.Equal(400, study["requestedSampleSize"]!.GetValue<int>());
            Assert.Equal(10, study["practiceItems"]!.GetValue<int>());
            Assert.Equal(1, study["annotatorsPerItem"]!.GetValue<int>());
            Assert.Null(study["secondsPerItem"]?.GetValue<int?>());
            Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync(route, new { }, Cancellation)).StatusCode);

            var noTrain = await (await admin.PostAsJsonAsync(HumanSteps.Study("humans-notrain"), new { sample = 50, seed = 3 }, Cancellation)).Json();
            Assert.Equal(0, noTrain["practiceItems"]!.GetValue<int>());
            Assert.Equal(3, noTrain["seed"]!.GetValue<int>());

            // Deleting a study that nobody has answered, then setting it up again with choices.
            Assert.Equal(HttpStatusCode.Forbidden, (await participant.DeleteAsync(route, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(route, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(route, Cancellation)).StatusCode);
            var chosen = await (await admin.PostAsJsonAsync(route,
                new { sample = 50, seed = 42, practice = 12, annotatorsPerItem = 5, aggregation = "MajorityOfK", secondsPerItem = 30, render = "image:3x1" },
                Cancellation)).Json();
            Assert.Equal((42, 12, 5, "majorityOfK", 30, "image:3x1"), (chosen["seed"]!.GetValue<int>(), chosen["practiceItems"]!.GetValue<int>(),
                chosen["annotatorsPerItem"]!.GetValue<int>(), chosen["aggregation"]!.GetValue<string>(), chosen["secondsPerItem"]!.GetValue<int>(),
                chosen["render"]!.GetValue<string>()));
            var scored = Enumerable.Range(1, HumanBundles.Scored).Select(i => new LabelledItem(HumanBundles.Id(i), HumanBundles.Label(i)));
            Assert.Equal(StratifiedSample.Draw(scored, 42, 50).ItemIds, chosen["itemIds"]!.AsArray().Select(i => i!.GetValue<string>()));

            var audit = (await admin.GetFromJsonAsync<JsonArray>("/api/competitions/humans-api/audit", Cancellation))!;
            Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "human-study-created");
            Assert.Contains(audit, e => e!["action"]!.GetValue<string>() == "human-study-deleted");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

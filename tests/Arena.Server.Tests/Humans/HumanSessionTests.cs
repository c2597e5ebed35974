using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Humans;

/// <summary>Annotators in a study: joining, practice with feedback, test items, idempotent answers, undo, closing.</summary>
public sealed class HumanSessionTests(PostgresCluster cluster) : IAsyncDisposable
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
    public async Task An_annotator_practises_with_feedback_then_labels_test_items_without_any(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            const string slug = "humans";

            Assert.Equal(HttpStatusCode.Conflict, (await ada.GetAsync($"{HumanSteps.Study(slug)}/session/next", Cancellation)).StatusCode);
            var joined = await ada.PostAsJsonAsync($"{HumanSteps.Study(slug)}/session", new { expertise = "some", sawTrainingData = true }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
            var session = await joined.Json();
            Assert.Equal(("Annotator 1", "some", true, 0, 10), (session["annotator"]!.GetValue<string>(), session["expertise"]!.GetValue<string>(),
                session["sawTrainingData"]!.GetValue<bool>(), session["practiceAnswered"]!.GetValue<int>(), session["practiceItems"]!.GetValue<int>()));
            // Joining again changes nothing: one annotator per user.
            var again = await ada.PostAsJsonAsync($"{HumanSteps.Study(slug)}/session", new { expertise = "expert", sawTrainingData = false }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal("some", (await again.Json())["expertise"]!.GetValue<string>());

            // Practice first, with what the page needs; a reload gives the same item, served at the same time.
            var first = await ada.NextAsync(slug);
            Assert.Equal("practice", first["phase"]!.GetValue<string>());
            Assert.Equal("table", first["render"]!.GetValue<string>());
            Assert.Equal([HumanBundles.Canary, "cat", "dog"], first["classes"]!.AsArray().Select(c => c!.GetValue<string>()));
            Assert.Equal((1, 10), (first["position"]!["index"]!.GetValue<int>(), first["position"]!["of"]!.GetValue<int>()));
            var features = first["item"]!["features"]!.AsObject();
            Assert.Equal(["x", "y", "note"], features.Select(f => f.Key));
            Assert.StartsWith("train ", features["note"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(first.ToJsonString(), (await ada.NextAsync(slug)).ToJsonString());

            var practiceId = HumanSteps.ItemId(first);
            var wrong = HumanBundles.TrainLabel(practiceId) == "cat" ? "dog" : "cat";
            _clock.Advance(TimeSpan.FromSeconds(4));
            var feedback = await ada.AnsweredAsync(slug, practiceId, wrong, elapsedMs: 3900);
            Assert.Equal((HumanBundles.TrainLabel(practiceId), false), (feedback["goldLabel"]!.GetValue<string>(), feedback["correct"]!.GetValue<bool>()));
            Assert.Equal((4000, 3900), (feedback["serverMilliseconds"]!.GetValue<long>(), feedback["clientMilliseconds"]!.GetValue<long>()));

            var test = await ada.PractiseAsync(slug);
            Assert.Equal("test", test["phase"]!.GetValue<string>());
            Assert.Equal((1, 50), (test["position"]!["index"]!.GetValue<int>(), test["position"]!["of"]!.GetValue<int>()));
            Assert.StartsWith("row ", test["item"]!["features"]!["note"]!.GetValue<string>(), StringComparison.Ordinal);
            var testId = HumanSteps.ItemId(test);

            // A test answer is recorded without its gold label or whether it was right; the same post again is the same result.
            var recorded = await ada.AnsweredAsync(slug, testId, "cat");
            Assert.Null(recorded["goldLabel"]);
            Assert.Null(recorded["correct"]);
            Assert.Equal(("cat", "test"), (recorded["label"]!.GetValue<string>(), recorded["kind"]!.GetValue<string>()));
            Assert.Equal(recorded.ToJsonString(), (await ada.AnsweredAsync(slug, testId, "cat")).ToJsonString());
            var changed = await ada.AnswerAsync(slug, testId, "dog");
            Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);

            // Undo: only the most recent answer, and the item comes back to be answered again.
            var second = await ada.NextAsync(slug);
            Assert.Equal(2, second["position"]!["index"]!.GetValue<int>());
            var secondId = HumanSteps.ItemId(second);
            await ada.AnsweredAsync(slug, secondId, skip: "unsure");
            Assert.Equal(HttpStatusCode.Conflict, (await ada.DeleteAsync($"{HumanSteps.Study(slug)}/session/answers/{testId}", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ada.DeleteAsync($"{HumanSteps.Study(slug)}/session/answers/h99", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await ada.DeleteAsync($"{HumanSteps.Study(slug)}/session/answers/{secondId}", Cancellation)).StatusCode);
            var back = await ada.NextAsync(slug);
            Assert.Equal(secondId, HumanSteps.ItemId(back));
            Assert.Equal("dog", (await ada.AnsweredAsync(slug, secondId, "dog"))["label"]!.GetValue<string>());

            // Answers the page gets wrong are named; an item that is not the caller's is one and the same 409, sampled or not.
            await (await ada.AnswerAsync(slug, testId, "cow")).AssertProblemAsync(HttpStatusCode.BadRequest, "label");
            await (await ada.AnswerAsync(slug, testId)).AssertProblemAsync(HttpStatusCode.BadRequest, "label");
            await (await ada.AnswerAsync(slug, testId, skip: "bored")).AssertProblemAsync(HttpStatusCode.BadRequest, "skip");
            await (await ada.AnswerAsync(slug, testId, "cat", elapsedMs: -1)).AssertProblemAsync(HttpStatusCode.BadRequest, "elapsedMs");
            await (await ada.AnswerAsync(slug, testId, "cat", position: 0)).AssertProblemAsync(HttpStatusCode.BadRequest, "position");
            await (await ada.PostAsJsonAsync($"{HumanSteps.Study(slug)}/session/answers", new { itemId = testId, label = "cat" }, Cancellation))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "elapsedMs");
            var sampled = (await (await ada.AnswerAsync(slug, "h61", "cat")).Json()).Detail();
            var ignored = (await (await ada.AnswerAsync(slug, "zzz", "cat")).Json()).Detail();
            Assert.Equal(sampled.Replace("h61", "", StringComparison.Ordinal), ignored.Replace("zzz", "", StringComparison.Ordinal));
            await (await ada.PostAsJsonAsync($"{HumanSteps.Study(slug)}/session", new { expertise = "guru", sawTrainingData = false }, Cancellation))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "expertise");

            var status = (await ada.GetFromJsonAsync<JsonObject>($"{HumanSteps.Study(slug)}/session", Cancellation))!;
            Assert.Equal((10, 2), (status["practiceAnswered"]!.GetValue<int>(), status["testAnswered"]!.GetValue<int>()));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_closed_study_takes_no_more_answers_and_counts_an_unanswered_assignment_as_a_skip(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            var bob = await app.SignUpAsync("bob");
            const string slug = "humans";
            await ada.JoinStudyAsync(slug);
            await bob.JoinStudyAsync(slug);
            var first = await ada.PractiseAsync(slug);
            await ada.AnsweredAsync(slug, HumanSteps.ItemId(first), HumanBundles.Label(HumanSteps.ItemId(first)));
            var pending = HumanSteps.ItemId(await ada.NextAsync(slug));

            Assert.Equal(HttpStatusCode.Forbidden, (await ada.PostAsync($"{HumanSteps.Study(slug)}/close", null, Cancellation)).StatusCode);
            var closed = await admin.PostAsync($"{HumanSteps.Study(slug)}/close", null, Cancellation);
            Assert.Equal("closed", (await closed.Json())["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Conflict, (await ada.GetAsync($"{HumanSteps.Study(slug)}/session/next", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await ada.AnswerAsync(slug, pending, "cat")).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await ada.DeleteAsync($"{HumanSteps.Study(slug)}/session/answers/{HumanSteps.ItemId(first)}", Cancellation)).StatusCode);
            var carol = await app.SignUpAsync("carol");
            Assert.Equal(HttpStatusCode.Conflict, (await carol.PostAsJsonAsync($"{HumanSteps.Study(slug)}/session", new { expertise = "novice", sawTrainingData = false }, Cancellation)).StatusCode);
            // A study with answers is a record: it cannot be deleted.
            Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync(HumanSteps.Study(slug), Cancellation)).StatusCode);

            var results = (await admin.GetFromJsonAsync<JsonObject>($"{HumanSteps.Study(slug)}/results", Cancellation))!;
            Assert.Equal("closed", results["status"]!.GetValue<string>());
            Assert.Equal(2, results["itemCount"]!.GetValue<int>());
            Assert.Equal(0.5, results["score"]!.GetValue<double>());
            Assert.Equal(0.5, results["coverage"]!.GetValue<double>());
            var annotator = results["annotators"]!.AsArray().Single()!;
            Assert.Equal(("ada", 2, 1, 1), (annotator["userName"]!.GetValue<string>(), annotator["assigned"]!.GetValue<int>(),
                annotator["answered"]!.GetValue<int>(), annotator["correct"]!.GetValue<int>()));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Arena.Data;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Humans;

/// <summary>The export holds the whole record, and importing it rebuilds the same record: the same bytes, the same results.</summary>
public sealed class HumanExportTests(PostgresCluster cluster) : IAsyncDisposable
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
    public async Task Export_delete_and_import_give_back_the_same_bytes_and_the_same_results(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            var admin = await app.SignUpAsync("admin");
            const string slug = "humans-api";
            var study = HumanSteps.Study(slug);
            var created = await admin.PostAsJsonAsync(study,
                new { sample = 50, seed = 9, practice = 10, annotatorsPerItem = 3, aggregation = "majorityOfK", secondsPerItem = 60 }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            // Three annotators with practice, answers, a skip, a time-up, an undo; one more with an item in hand; one who only joined.
            var people = new List<HttpClient>();
            foreach (var (name, i) in new[] { "ann", "ben", "cat", "dan", "eve" }.Select((n, i) => (n, i)))
            {
                people.Add(await app.SignUpAsync(name));
                await people[i].JoinStudyAsync(slug, i % 2 == 0 ? "novice" : "expert", sawTrainingData: i == 1);
            }
            for (var i = 0; i < 3; i++)
                await HumanResultsTests.LabelAsync(people[i], slug, "", 4, id => id.EndsWith('7') ? (null, "label-looks-wrong") : (i == 1 ? "dog" : HumanBundles.Label(id), null),
                    _clock.Advance);
            var slow = await people[0].NextAsync(slug);
            _clock.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal("time-up", (await people[0].AnsweredAsync(slug, HumanSteps.ItemId(slow), "cat"))["skip"]!.GetValue<string>());
            var undone = HumanSteps.ItemId(await people[0].NextAsync(slug));
            await people[0].AnsweredAsync(slug, undone, "cat");
            Assert.Equal(HttpStatusCode.NoContent, (await people[0].DeleteAsync($"{study}/session/answers/{undone}", Cancellation)).StatusCode);
            await people[0].AnsweredAsync(slug, undone, "dog", elapsedMs: 900);
            await people[3].PractiseAsync(slug);

            var exported = await admin.GetAsync($"{study}/export?format=json", Cancellation);
            Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
            Assert.Equal("application/json", exported.Content.Headers.ContentType!.MediaType);
            var bytes = await exported.Content.ReadAsByteArrayAsync(Cancellation);
            var document = JsonNode.Parse(bytes)!.AsObject();
            Assert.Equal(("arena-human-study", 1, 9), (document["format"]!.GetValue<string>(), document["protocolVersion"]!.GetValue<int>(), document["seed"]!.GetValue<int>()));
            Assert.Equal(60, document["items"]!.AsArray().Count);
            Assert.Equal(5, document["annotators"]!.AsArray().Count);
            // ann 10 practice + 6 test, ben and cat 10 + 4, dan 10 practice answered and one test item in hand.
            Assert.Equal(16 + 14 + 14 + 11, document["assignments"]!.AsArray().Count);
            Assert.Equal(16 + 14 + 14 + 10, document["responses"]!.AsArray().Count);
            Assert.Contains(document["responses"]!.AsArray(), r => r!["skipReason"]?.GetValue<string>() == "time-up" && r["lateLabel"] is not null);
            var results = await admin.GetStringAsync($"{study}/results", Cancellation);

            var csv = await admin.GetStringAsync($"{study}/export?format=csv", Cancellation);
            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("itemId,kind,annotator,userName,expertise,sawTrainingData,label,skipReason,lateLabel,goldLabel,correct,", lines[0], StringComparison.Ordinal);
            Assert.Equal(document["responses"]!.AsArray().Count, lines.Length - 1);
            await (await admin.GetAsync($"{study}/export?format=xml", Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "format");

            // A study with answers cannot be deleted through the API; here its rows go as after a lost database.
            Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync(study, Cancellation)).StatusCode);
            await DeleteStudyRowsAsync(app, slug);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(study, Cancellation)).StatusCode);

            var imported = await admin.PostAsync($"{study}/import", new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } }, Cancellation);
            Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync(Cancellation));
            Assert.Equal(bytes, await admin.GetByteArrayAsync($"{study}/export?format=json", Cancellation));
            Assert.Equal(results, await admin.GetStringAsync($"{study}/results", Cancellation));
            Assert.Equal(csv, await admin.GetStringAsync($"{study}/export?format=csv", Cancellation));
            Assert.Equal(HttpStatusCode.Conflict, (await Import(admin, study, document.ToJsonString())).StatusCode);

            // The imported study goes on: dan still holds his item, and a new annotator joins as number 6.
            var dan = await people[3].NextAsync(slug);
            Assert.Equal("test", dan["phase"]!.GetValue<string>());
            Assert.Equal("Annotator 6", (await (await app.SignUpAsync("fay")).JoinStudyAsync(slug))["annotator"]!.GetValue<string>());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_import_that_does_not_match_the_competition_or_itself_is_refused_naming_the_field(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            var admin = await app.SignUpAsync("admin");
            var participant = await app.SignUpAsync("participant");
            const string slug = "humans";
            var study = HumanSteps.Study(slug);
            await participant.JoinStudyAsync(slug);
            await HumanResultsTests.LabelAsync(participant, slug, "", 3, _ => ("dog", null));
            var text = await admin.GetStringAsync($"{study}/export", Cancellation);
            Assert.Equal(HttpStatusCode.Forbidden, (await participant.GetAsync($"{study}/export", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Import(participant, study, text)).StatusCode);
            await DeleteStudyRowsAsync(app, slug);

            await (await Import(admin, study, Edit(text, d => d["protocolVersion"] = 2))).AssertProblemAsync(HttpStatusCode.BadRequest, "protocolVersion");
            await (await Import(admin, study, Edit(text, d => d["items"]![0]!["goldLabel"] = "cat-or-dog"))).AssertProblemAsync(HttpStatusCode.BadRequest, "items[0].goldLabel");
            await (await Import(admin, study, Edit(text, d => d["items"]![0]!["itemId"] = "h61"))).AssertProblemAsync(HttpStatusCode.BadRequest, "items[0].itemId");
            await (await Import(admin, study, Edit(text, d => d["splitHash"] = new string('0', 64)))).AssertProblemAsync(HttpStatusCode.BadRequest, "splitHash");
            await (await Import(admin, study, Edit(text, d => d["classes"] = new JsonArray("cat", "dog")))).AssertProblemAsync(HttpStatusCode.BadRequest, "classes");
            await (await Import(admin, study, Edit(text, d => d["responses"]![0]!["label"] = "cow"))).AssertProblemAsync(HttpStatusCode.BadRequest, "responses[0].label");
            await (await Import(admin, study, Edit(text, d => d["assignments"]![0]!["position"] = 2))).AssertProblemAsync(HttpStatusCode.BadRequest, "assignments[1].position");
            await (await Import(admin, study, Edit(text, d => d["annotators"]![0]!["expertise"] = "guru"))).AssertProblemAsync(HttpStatusCode.BadRequest, "annotators[0].expertise");
            await (await Import(admin, study, Edit(text, d => d["seed"] = "seven"))).AssertProblemAsync(HttpStatusCode.BadRequest, "seed");
            await (await Import(admin, study, Edit(text, d => d["colour"] = "red"))).AssertProblemAsync(HttpStatusCode.BadRequest, "colour");
            await (await Import(admin, study, "[1, 2")).AssertProblemAsync(HttpStatusCode.BadRequest, "body");
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(study, Cancellation)).StatusCode);

            Assert.Equal(HttpStatusCode.Created, (await Import(admin, study, text)).StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static Task<HttpResponseMessage> Import(HttpClient client, string study, string json) =>
        client.PostAsync($"{study}/import", new StringContent(json, Encoding.UTF8, "application/json"), Cancellation);

    static string Edit(string json, Action<JsonObject> change)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        change(document);
        return document.ToJsonString();
    }

    /// <summary>Removes a study and everything under it straight from the database (the cascade takes its rows).</summary>
    static async Task DeleteStudyRowsAsync(ArenaApp app, string slug)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        Assert.Equal(1, await db.HumanStudies.Where(s => s.Competition!.Slug == slug).ExecuteDeleteAsync(Cancellation));
    }
}

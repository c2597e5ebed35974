using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Drafts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.References;

/// <summary>Human, paper and ML.NET-baseline rows: what organizers must declare, and the flags participants earn.</summary>
public sealed class ReferenceRowsTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = WithIris(TestBundles.Create());

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Human_and_paper_rows_need_their_provenance_and_mark_who_beats_and_who_replicates_them(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var perfect = await app.SignUpAsync("perfect");
            var weak = await app.SignUpAsync("weak");
            await perfect.WaitForResultAsync(await perfect.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission()));
            await weak.WaitForResultAsync(await weak.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 3)));

            var noSource = await admin.PostAsJsonAsync("/api/competitions/binary/references", new { kind = "human", name = "Annotators", score = 0.9 }, Cancellation);
            await AssertProblemAsync(noSource, HttpStatusCode.BadRequest, "source");
            var noTolerance = await admin.PostAsJsonAsync("/api/competitions/binary/references", new { kind = "paper", name = "Paper", score = 1.0, source = "Doe 2025" }, Cancellation);
            await AssertProblemAsync(noTolerance, HttpStatusCode.BadRequest, "tolerance");
            var noPeople = await admin.PostAsJsonAsync("/api/competitions/binary/references", new { kind = "human", name = "Nobody", score = 0.9, source = "x", peopleCount = 0 }, Cancellation);
            await AssertProblemAsync(noPeople, HttpStatusCode.BadRequest, "peopleCount");

            var human = await admin.PostAsJsonAsync("/api/competitions/binary/references",
                new { kind = "human", name = "Two annotators", score = 0.9, source = "Lab study 2025", peopleCount = 2, note = "labelled blind, majority vote" }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, human.StatusCode);
            var humanRow = (await human.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
            Assert.Equal(2, humanRow["peopleCount"]!.GetValue<int>());
            Assert.Equal("labelled blind, majority vote", humanRow["note"]!.GetValue<string>());
            var paper = await admin.PostAsJsonAsync("/api/competitions/binary/references",
                new { kind = "paper", name = "Doe et al. 2025", score = 1.0, source = "Doe et al. (2025), Table 3", tolerance = 0.001 }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, paper.StatusCode);

            var board = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!;
            var rows = board["rows"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => r["displayName"]!.GetValue<string>());
            // The best human row (0.9, above the bundle's 0.75) is the bar; only the perfect file clears it and matches the paper.
            Assert.True(rows["perfect"]["beatsHuman"]!.GetValue<bool>());
            Assert.True(rows["perfect"]["replicated"]!.GetValue<bool>());
            Assert.False(rows["weak"]["beatsHuman"]!.GetValue<bool>());
            Assert.False(rows["weak"]["replicated"]!.GetValue<bool>());
            Assert.Equal("Doe et al. (2025), Table 3", rows["Doe et al. 2025"]["source"]!.GetValue<string>());
            Assert.Equal(2, board["summary"]!["participants"]!.GetValue<int>());
            Assert.Equal(1, board["summary"]!["beatingHuman"]!.GetValue<int>());
            Assert.Equal(1, board["summary"]!["replicating"]!.GetValue<int>());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_mlnet_baseline_trains_on_iris_in_the_background_and_beats_the_sample_submission(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var participant = await app.SignUpAsync("participant");
            Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsync("/api/competitions/iris/references/baseline", null, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync("/api/competitions/iris/references/baseline", null, Cancellation)).StatusCode);

            var started = await admin.PostAsync("/api/competitions/iris/references/baseline", null, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var row = (await started.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
            Assert.Equal("training", row["status"]!.GetValue<string>());
            var done = await WaitForReferenceAsync(admin, "iris", row["id"]!.GetValue<int>());

            Assert.Equal("ready", done["status"]!.GetValue<string>());
            Assert.Contains("train.csv", done["source"]!.GetValue<string>(), StringComparison.Ordinal);
            var references = (await admin.GetFromJsonAsync<JsonArray>("/api/competitions/iris/references", Cancellation))!;
            var sample = references.Single(r => r!["name"]!.GetValue<string>().StartsWith("Sample submission", StringComparison.Ordinal))!;
            Assert.True(done["publicScore"]!.GetValue<double>() > sample["publicScore"]!.GetValue<double>());
            Assert.True(done["privateScore"]!.GetValue<double>() > sample["privateScore"]!.GetValue<double>());

            var board = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/iris/leaderboard", Cancellation))!;
            var names = board["rows"]!.AsArray().Select(r => r!["displayName"]!.GetValue<string>()).ToList();
            Assert.True(names.IndexOf("ML.NET baseline") < names.IndexOf(sample["name"]!.GetValue<string>()));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_baseline_without_training_data_fails_with_the_reason_and_stays_off_the_leaderboard(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var started = await admin.PostAsync("/api/competitions/binary/references/baseline", null, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var done = await WaitForReferenceAsync(admin, "binary", (await started.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["id"]!.GetValue<int>());

            Assert.Equal("failed", done["status"]!.GetValue<string>());
            Assert.Contains("train.csv", done["note"]!.GetValue<string>(), StringComparison.Ordinal);
            var board = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation))!;
            Assert.DoesNotContain(board["rows"]!.AsArray(), r => r!["displayName"]!.GetValue<string>() == "ML.NET baseline");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static async Task<JsonObject> WaitForReferenceAsync(HttpClient organizer, string slug, int id)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var row = (await organizer.GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}/references/{id}", Cancellation))!;
            if (row["status"]!.GetValue<string>() != "training") return row;
            if (DateTime.UtcNow > until) throw new TimeoutException($"reference {id} is still training");
            await Task.Delay(100, Cancellation);
        }
    }

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        Assert.Equal(status, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["detail"]!.GetValue<string>();
        Assert.Contains(mentions, detail, StringComparison.Ordinal);
    }

    /// <summary>The test bundles plus a copy of the real iris bundle, which has a train.csv to learn from.</summary>
    static string WithIris(string bundles)
    {
        var source = DraftBundles.Folder("iris");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(bundles, "iris", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return bundles;
    }
}

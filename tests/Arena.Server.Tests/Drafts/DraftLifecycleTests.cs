using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Drafts;

/// <summary>Upload a bundle as a draft, read its pre-publish report, publish it, and what each caller sees on the way.</summary>
public sealed class DraftLifecycleTests(DraftServers servers) : IClassFixture<DraftServers>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_uploaded_draft_is_seen_by_its_organizers_only_until_it_is_published(Provider provider)
    {
        var (app, admin, organizer) = await servers.For(provider);
        var participant = await app.SignUpAsync("lifecycle-participant");
        var otherOrganizer = await app.SignUpAsync("lifecycle-other-organizer");
        await admin.PostAsJsonAsync("/api/admin/organizers", new { userName = "lifecycle-other-organizer" }, Cancellation);
        var anonymous = app.CreateClient();
        const string slug = "iris-lifecycle";

        var created = await organizer.UploadBundleAsync(DraftZips.Zip(DraftZips.BundleWithSlug("iris", slug)));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal($"/api/competitions/{slug}", created.Headers.Location?.OriginalString);
        Assert.Equal(slug, (await created.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["slug"]!.GetValue<string>());

        var report = await organizer.GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}/checks", Cancellation);
        Assert.False(report!["hasErrors"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Contains(report["items"]!.AsArray(), i => i!["check"]!.GetValue<string>() == "label-leak" && i["severity"]!.GetValue<string>() == "ok");

        foreach (var outsider in new[] { participant, anonymous, otherOrganizer })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/competitions/{slug}", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/competitions/{slug}/leaderboard", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/competitions/{slug}/files", Cancellation)).StatusCode);
            Assert.Null(await StateInListAsync(outsider, slug));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrganizer.GetAsync($"/api/competitions/{slug}/checks", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrganizer.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await participant.SubmitAsync(slug, "id,label\n")).StatusCode);
        Assert.Equal("draft", await StateInListAsync(organizer, slug));
        Assert.Equal("draft", await StateInListAsync(admin, slug));
        // The organizer tries the draft; publishing hides that trial from the leaderboard, with a reason they can read.
        var sample = await File.ReadAllTextAsync(Path.Combine(DraftBundles.Folder("iris"), "data", "sample_submission.csv"), Cancellation);
        var trial = await organizer.SubmitAcceptedAsync(slug, sample);
        Assert.Equal("scored", (await organizer.WaitForResultAsync(trial))["status"]!.GetValue<string>());

        var published = await organizer.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync(Cancellation));
        var body = await published.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        Assert.Equal((slug, "published"), (body!["slug"]!.GetValue<string>(), body["state"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await organizer.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await organizer.DeleteAsync($"/api/competitions/{slug}", Cancellation)).StatusCode);

        Assert.Equal("open", await StateInListAsync(anonymous, slug));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/competitions/{slug}/leaderboard", Cancellation)).StatusCode);
        var benchmark = await File.ReadAllTextAsync(Path.Combine(DraftBundles.Folder("iris"), "benchmarks", "sdca_maximum_entropy.csv"), Cancellation);
        var result = await participant.WaitForResultAsync(await participant.SubmitAcceptedAsync(slug, benchmark));
        Assert.Equal("scored", result["status"]!.GetValue<string>());
        // A participant sees 5 decimals, the default display precision.
        Assert.Equal(0.93333, result["publicScore"]!.GetValue<double>());
        var board = (await anonymous.GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}/leaderboard", Cancellation))!;
        Assert.DoesNotContain(board["rows"]!.AsArray(), r => r!["displayName"]!.GetValue<string>() == "draft-organizer");
        var hiddenTrial = (await organizer.GetFromJsonAsync<JsonObject>($"/api/submissions/{trial}", Cancellation))!;
        Assert.Equal("hidden", hiddenTrial["sanction"]!.GetValue<string>());
        Assert.Contains("draft", hiddenTrial["sanctionReason"]!.GetValue<string>(), StringComparison.Ordinal);

        var audit = await organizer.GetFromJsonAsync<JsonArray>($"/api/competitions/{slug}/audit", Cancellation);
        Assert.Equal(["competition-published", "competition-created"], audit!.Select(a => a!["action"]!.GetValue<string>()));
        Assert.All(audit!, a => Assert.Equal("draft-organizer", a!["actor"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_zip_of_the_bundle_folder_is_read_as_the_bundle(Provider provider)
    {
        var (_, _, organizer) = await servers.For(provider);
        const string slug = "iris-in-a-folder";

        var created = await organizer.UploadBundleAsync(DraftZips.Zip(DraftZips.BundleWithSlug("iris", slug), topFolder: "iris"));

        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var files = await organizer.GetFromJsonAsync<JsonArray>($"/api/competitions/{slug}/files", Cancellation);
        Assert.Equal(["sample_submission.csv", "test.csv", "train.csv"], files!.Select(f => f!["name"]!.GetValue<string>()));
        var report = await organizer.GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}/checks", Cancellation);
        Assert.False(report!["hasErrors"]!.GetValue<bool>(), report.ToJsonString());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_report_catches_a_planted_leak_and_mismatched_ids_and_publishing_is_refused(Provider provider)
    {
        var (app, _, organizer) = await servers.For(provider);
        const string slug = "iris-leaky";
        var bundle = DraftZips.BundleWithSlug("iris", slug);
        var labels = DraftBundles.SolutionLabels(bundle);
        var test = Path.Combine(bundle, "data", "test.csv");
        var (header, rows) = DraftBundles.ReadCsv(test);
        var dropped = rows[0][0];
        DraftBundles.WriteCsv(test, header, rows.Skip(1).OrderBy(r => labels[r[0]], StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.Created, (await organizer.UploadBundleAsync(DraftZips.Zip(bundle))).StatusCode);
        var report = await organizer.GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}/checks", Cancellation);
        AssertCaught(report!, dropped);

        var refused = await organizer.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        AssertCaught(problem!["report"]!.AsObject(), dropped);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/competitions/{slug}", Cancellation)).StatusCode);

        // Its organizers may try it out before publishing.
        var trial = await organizer.SubmitAcceptedAsync(slug, await File.ReadAllTextAsync(Path.Combine(bundle, "data", "sample_submission.csv"), Cancellation));
        Assert.Equal("scored", (await organizer.WaitForResultAsync(trial))["status"]!.GetValue<string>());

        // The way out: delete the draft (its files and trial submissions go with it) and upload the fixed bundle under the same slug.
        var storage = Directory.GetDirectories(Path.Combine(app.DataDirectory, "competitions", "uploaded"), $"{slug}.*");
        Assert.Single(storage);
        var trials = Directory.GetParent(Directory.GetFiles(Path.Combine(app.DataDirectory, "submissions"), $"{trial:N}.upload", SearchOption.AllDirectories).Single())!.FullName;
        Assert.Equal(HttpStatusCode.NoContent, (await organizer.DeleteAsync($"/api/competitions/{slug}", Cancellation)).StatusCode);
        Assert.False(Directory.Exists(storage[0]));
        Assert.False(Directory.Exists(trials));
        Assert.Equal(HttpStatusCode.NotFound, (await organizer.GetAsync($"/api/submissions/{trial}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await organizer.GetAsync($"/api/competitions/{slug}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await organizer.UploadBundleAsync(DraftZips.Zip(DraftZips.BundleWithSlug("iris", slug)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation)).StatusCode);
    }

    static void AssertCaught(JsonObject report, string droppedId)
    {
        Assert.True(report["hasErrors"]!.GetValue<bool>());
        var errors = report["items"]!.AsArray().Where(i => i!["severity"]!.GetValue<string>() == "error").ToList();
        Assert.Contains(errors, e => e!["check"]!.GetValue<string>() == "label-leak" && e["message"]!.GetValue<string>().Contains("sorted", StringComparison.Ordinal));
        var ids = Assert.Single(errors, e => e!["check"]!.GetValue<string>() == "ids");
        Assert.StartsWith("test.csv", ids!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, ids["details"]!["missing"]!.GetValue<int>());
        Assert.Equal(droppedId, ids["details"]!["missingExamples"]![0]!.GetValue<string>());
    }

    static async Task<string?> StateInListAsync(HttpClient client, string slug)
    {
        var list = await client.GetFromJsonAsync<JsonArray>("/api/competitions", Cancellation);
        return list!.FirstOrDefault(c => c!["slug"]!.GetValue<string>() == slug)?["state"]!.GetValue<string>();
    }
}

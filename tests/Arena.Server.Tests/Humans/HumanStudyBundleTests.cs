using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Drafts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Humans;

/// <summary>The humanStudy: section of competition.yaml: precise errors on upload, and the digits bundle's real labelling task.</summary>
public sealed class HumanStudyBundleTests(PostgresCluster cluster) : IAsyncDisposable
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
    public async Task Uploaded_bundles_with_a_bad_humanStudy_section_are_refused_at_the_line_and_column_of_the_value(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var organizer = await app.SignUpAsync("admin");
            var participant = await app.SignUpAsync("participant");

            await RefusedAsync(organizer, "bogus-render", "humans-api", "humanStudy:\n  render: video\n", "render", line: 2, column: 11);
            await RefusedAsync(organizer, "majority-of-two", "humans-api", "humanStudy:\n  annotatorsPerItem: 2\n  aggregation: majorityOfK\n", "aggregation", line: 3, column: 16);
            await RefusedAsync(organizer, "tiny-sample", "humans-api", "humanStudy:\n  render: table\n  sample: 20\n", "sample", line: 3, column: 11);
            // Checked against the data: the column must exist in test.csv, the image must match its feature count.
            await RefusedAsync(organizer, "missing-column", "humans-api", "humanStudy:\n  render: text:summary\n", "render", line: 2, column: 11);
            await RefusedAsync(organizer, "wrong-image", "humans-api", "humanStudy:\n  render: image:8x8\n", "render", line: 2, column: 11);
            await RefusedAsync(organizer, "no-train", "humans-notrain", "humanStudy:\n  practice: 10\n", "practice", line: 2, column: 13);
            // A regression competition cannot have one: the error points at the section.
            var regression = await RefusedAsync(organizer, "regression", "humans-regression", "humanStudy:\n  render: table\n", null, line: 1, column: 1);
            Assert.Contains("humanStudy (metric)", regression, StringComparison.Ordinal);
            // YAML's own errors (a number that is not one, an unknown key) keep their line and column too.
            await RefusedAsync(organizer, "not-a-number", "humans-api", "humanStudy:\n  sample: lots\n", null, line: 2, column: 11);
            await RefusedAsync(organizer, "unknown-key", "humans-api", "humanStudy:\n  colour: red\n", null, line: 2, column: 3);

            // A good section makes a draft with its study, which only its organizers see.
            var good = Bundle("good-study", "humans-api", "humanStudy:\n  render: image:3x1\n  sample: 50\n  seed: 5\n");
            var created = await organizer.UploadBundleAsync(DraftZips.Zip(good));
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
            var study = (await organizer.GetFromJsonAsync<JsonObject>(HumanSteps.Study("good-study"), Cancellation))!;
            Assert.Equal(("image:3x1", 50, 5), (study["render"]!.GetValue<string>(), study["sampleSize"]!.GetValue<int>(), study["seed"]!.GetValue<int>()));
            Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync(HumanSteps.Study("good-study"), Cancellation)).StatusCode);
            // Deleting the draft deletes its study with it.
            Assert.Equal(HttpStatusCode.NoContent, (await organizer.DeleteAsync("/api/competitions/good-study", Cancellation)).StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>The repository's digits bundle, imported at start: a fresh server offers a real labelling task.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_fresh_server_offers_the_digits_study_as_8x8_images_with_ten_classes(Provider provider)
    {
        var digits = DraftBundles.Copy("digits");
        var app = await ArenaApp.StartAsync(provider, cluster, Path.GetDirectoryName(digits)!);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var annotator = await app.SignUpAsync("annotator");
            var study = (await admin.GetFromJsonAsync<JsonObject>(HumanSteps.Study("digits"), Cancellation))!;
            Assert.Equal(("image:8x8", 400, 8, 10, 1, "meanOfIndividuals", false), (study["render"]!.GetValue<string>(), study["sampleSize"]!.GetValue<int>(),
                study["seed"]!.GetValue<int>(), study["practiceItems"]!.GetValue<int>(), study["annotatorsPerItem"]!.GetValue<int>(),
                study["aggregation"]!.GetValue<string>(), study["provisional"]!.GetValue<bool>()));
            Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                study["classes"]!.AsArray().Select(c => c!.GetValue<string>()));

            // Every sampled item is a test row with a one-hot label whose column names the digit.
            var solution = DraftBundles.ReadCsv(Path.Combine(digits, "solution.csv"));
            var labels = solution.Rows.ToDictionary(r => r[0], r => Array.IndexOf(r[1..^1], "1").ToString(System.Globalization.CultureInfo.InvariantCulture));
            var ids = study["itemIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            Assert.All(ids, id => Assert.True(labels.ContainsKey(id)));
            Assert.Equal(10, ids.Select(id => labels[id]).Distinct().Count());

            await annotator.JoinStudyAsync("digits", "some");
            var first = await annotator.NextAsync("digits");
            Assert.Equal("practice", first["phase"]!.GetValue<string>());
            var features = first["item"]!["features"]!.AsObject();
            Assert.Equal(64, features.Count);
            Assert.Equal("px_0_0", features.First().Key);
            Assert.Equal("px_7_7", features.Last().Key);
            Assert.DoesNotContain("digit", features.Select(f => f.Key));
            var practiceId = HumanSteps.ItemId(first);
            var train = DraftBundles.ReadCsv(Path.Combine(digits, "data", "train.csv"));
            var row = train.Rows.Single(r => r[0] == practiceId);
            Assert.Equal(row[1], features["px_0_0"]!.GetValue<string>());
            var answer = await annotator.AnsweredAsync("digits", practiceId, row[^1]);
            Assert.Equal(row[^1], answer["goldLabel"]!.GetValue<string>());
            Assert.True(answer["correct"]!.GetValue<bool>());

            // A restart imports nothing again: the same study, the same annotator.
            await app.DisposeAsync();
            app = app.Restart();
            admin = app.CreateClient();
            admin.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("admin"));
            var again = (await admin.GetFromJsonAsync<JsonObject>(HumanSteps.Study("digits"), Cancellation))!;
            Assert.Equal(study["splitHash"]!.GetValue<string>(), again["splitHash"]!.GetValue<string>());
            Assert.Equal(1, again["annotators"]!.GetValue<int>());
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(Path.GetDirectoryName(digits)!, recursive: true);
        }
    }

    /// <summary>A copy of one of the human bundles with a slug and the given section in place of its own.</summary>
    string Bundle(string slug, string source, string section)
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("arena-human-upload-").FullName, slug);
        foreach (var file in Directory.GetFiles(Path.Combine(_bundles, source), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(folder, Path.GetRelativePath(Path.Combine(_bundles, source), file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        var yaml = Path.Combine(folder, "competition.yaml");
        var text = File.ReadAllText(yaml);
        var start = text.IndexOf("humanStudy:", StringComparison.Ordinal);
        File.WriteAllText(yaml, $"slug: {slug}\n" + (start < 0 ? text : text[..start]) + section);
        return folder;
    }

    /// <summary>
    /// Uploads the bundle and checks the 400 names the field at the line and column of its value. <paramref name="line"/>
    /// counts within <paramref name="section"/> (1 is its "humanStudy:" line), so the expectation reads off the yaml.
    /// </summary>
    async Task<string> RefusedAsync(HttpClient organizer, string slug, string source, string section, string? field, int line, int column)
    {
        var folder = Bundle(slug, source, section);
        var yaml = File.ReadAllText(Path.Combine(folder, "competition.yaml"));
        var sectionLine = yaml[..yaml.IndexOf("humanStudy:", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var response = await organizer.UploadBundleAsync(DraftZips.Zip(folder));
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{slug}: {(int)response.StatusCode} {text}");
        var detail = JsonNode.Parse(text)!["detail"]!.GetValue<string>();
        Assert.Contains($"competition.yaml, line {sectionLine + line - 1}, column {column}: ", detail, StringComparison.Ordinal);
        if (field is not null) Assert.Contains($"humanStudy.{field}: ", detail, StringComparison.Ordinal);
        return detail;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Tracks;

/// <summary>Organizers build a track (validation, order, removal, edit, delete); members read it.</summary>
public sealed class TrackManagementTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_organizer_builds_and_reorders_a_track_and_a_member_reads_it(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            var mia = await app.SignUpAsync("mia");
            await olga.GroupWithMembersAsync("ml-study", mia);
            foreach (var competition in new[] { "binary", "deadline", "labels" }) await app.AttachToGroupAsync(competition, "ml-study");

            var bad = await olga.PostAsJsonAsync("/api/groups/ml-study/tracks", new { slug = "A b", name = " ", description = new string('d', 4001) }, Cancellation);
            await bad.AssertFieldsAsync("slug", "name", "description");
            await olga.CreateTrackAsync("ml-study", "classics");
            Assert.Equal(HttpStatusCode.Conflict, (await olga.PostAsJsonAsync("/api/groups/ml-study/tracks", new { slug = "classics", name = "Again" }, Cancellation)).StatusCode);

            await (await olga.AddPaperAsync("ml-study", "classics", new { })).AssertFieldsAsync("competition", "citation", "reportedScore", "tolerance");
            await (await olga.AddPaperAsync("ml-study", "classics", new { competition = "binary", citation = "Doe 2020", reportedScore = 0.9, tolerance = -0.1, url = "javascript:alert(1)" }))
                .AssertFieldsAsync("tolerance", "url");
            // "closed" is a public competition, not the group's; "nothing" does not exist: both are 409 alike.
            foreach (var outside in new[] { "closed", "nothing" })
                Assert.Equal(HttpStatusCode.Conflict, (await olga.AddPaperAsync("ml-study", "classics", new { competition = outside, citation = "Doe", reportedScore = 0.9, tolerance = 0.01 })).StatusCode);
            var humanRow = await HumanRowIdAsync(app, "binary");
            await (await olga.AddPaperAsync("ml-study", "classics", new { competition = "binary", citation = "Doe", reportedScore = 0.9, tolerance = 0.01, referenceId = humanRow }))
                .AssertFieldsAsync("referenceId");

            var first = await olga.AddPaperAsync("ml-study", "classics",
                new { competition = "binary", citation = "Doe et al. (2020), Binary things", url = "https://example.org/doe2020", reportedScore = 0.95, tolerance = 0.02 });
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            var binary = (await first.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
            Assert.Equal(("binary", 0, "https://example.org/doe2020", 0.95, 0.02, true), (binary["competition"]!.GetValue<string>(), binary["position"]!.GetValue<int>(),
                binary["url"]!.GetValue<string>(), binary["reportedScore"]!.GetValue<double>(), binary["tolerance"]!.GetValue<double>(), binary["higherIsBetter"]!.GetValue<bool>()));
            Assert.Equal(HttpStatusCode.Conflict, (await olga.AddPaperAsync("ml-study", "classics", new { competition = "binary", citation = "Again", reportedScore = 0.9, tolerance = 0.01 })).StatusCode);
            var deadline = await olga.AddedPaperAsync("ml-study", "classics", "deadline", 0.9, 0.05);
            var labels = await olga.AddedPaperAsync("ml-study", "classics", "labels", 0.8, 0.1);
            var binaryId = binary["id"]!.GetValue<int>();
            Assert.Equal([binaryId, deadline, labels], await PaperIdsAsync(mia));

            await (await olga.PutAsJsonAsync("/api/groups/ml-study/tracks/classics/order", new { paperIds = new[] { labels, binaryId } }, Cancellation)).AssertFieldsAsync("paperIds");
            await (await olga.PutAsJsonAsync("/api/groups/ml-study/tracks/classics/order", new { paperIds = new[] { labels, binaryId, binaryId } }, Cancellation)).AssertFieldsAsync("paperIds");
            var reordered = await olga.PutAsJsonAsync("/api/groups/ml-study/tracks/classics/order", new { paperIds = new[] { labels, binaryId, deadline } }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
            Assert.Equal([labels, binaryId, deadline], await PaperIdsAsync(mia));
            var track = (await mia.GetFromJsonAsync<JsonObject>("/api/groups/ml-study/tracks/classics", Cancellation))!;
            Assert.Equal([0, 1, 2], track["papers"]!.AsArray().Select(p => p!["position"]!.GetValue<int>()));

            // A plain member reads but does not manage.
            Assert.Equal(HttpStatusCode.Forbidden, (await mia.PostAsJsonAsync("/api/groups/ml-study/tracks", new { slug = "mine", name = "Mine" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await mia.AddPaperAsync("ml-study", "classics", new { competition = "closed", citation = "x", reportedScore = 1, tolerance = 0 })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await mia.DeleteAsync($"/api/groups/ml-study/tracks/classics/papers/{labels}", Cancellation)).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await olga.DeleteAsync($"/api/groups/ml-study/tracks/classics/papers/{labels}", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await olga.DeleteAsync($"/api/groups/ml-study/tracks/classics/papers/{labels}", Cancellation)).StatusCode);
            Assert.Equal([binaryId, deadline], await PaperIdsAsync(mia));

            await (await olga.PatchAsJsonAsync("/api/groups/ml-study/tracks/classics", new { name = "" }, Cancellation)).AssertFieldsAsync("name");
            var edited = await olga.PatchAsJsonAsync("/api/groups/ml-study/tracks/classics", new { name = "Twenty papers" }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
            var list = (await mia.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/tracks", Cancellation))!;
            Assert.Equal(("classics", "Twenty papers", "Papers, in order.", 2), (list.Single()!["slug"]!.GetValue<string>(), list.Single()!["name"]!.GetValue<string>(),
                list.Single()!["description"]!.GetValue<string>(), list.Single()!["paperCount"]!.GetValue<int>()));

            // A paper on a draft shows to the organizers only: members do not learn of the draft from the track.
            await app.AttachToGroupAsync("tiny-limit", "ml-study");
            await MakeDraftAsync(app, "tiny-limit");
            var draft = await olga.AddedPaperAsync("ml-study", "classics", "tiny-limit", 0.9, 0.05);
            Assert.Equal([binaryId, deadline, draft], await PaperIdsAsync(olga));
            Assert.Equal([binaryId, deadline], await PaperIdsAsync(mia));
            Assert.DoesNotContain("tiny-limit", await mia.GetStringAsync("/api/groups/ml-study/tracks/classics/table", Cancellation), StringComparison.Ordinal);
            Assert.Equal(2, (await mia.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/tracks", Cancellation))!.Single()!["paperCount"]!.GetValue<int>());
            Assert.Equal(3, (await olga.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/tracks", Cancellation))!.Single()!["paperCount"]!.GetValue<int>());

            Assert.Equal(HttpStatusCode.NoContent, (await olga.DeleteAsync("/api/groups/ml-study/tracks/classics", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await mia.GetAsync("/api/groups/ml-study/tracks/classics", Cancellation)).StatusCode);
            using var scope = app.Services.CreateScope();
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ArenaDb>().TrackPapers.CountAsync(Cancellation));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static async Task<List<int>> PaperIdsAsync(HttpClient reader) =>
        [.. (await reader.GetFromJsonAsync<JsonObject>("/api/groups/ml-study/tracks/classics", Cancellation))!["papers"]!.AsArray().Select(p => p!["id"]!.GetValue<int>())];

    static async Task MakeDraftAsync(ArenaApp app, string competition)
    {
        using var scope = app.Services.CreateScope();
        var updated = await scope.ServiceProvider.GetRequiredService<ArenaDb>().Competitions.Where(c => c.Slug == competition)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.State, CompetitionState.Draft), Cancellation);
        Assert.Equal(1, updated);
    }

    static async Task<int> HumanRowIdAsync(ArenaApp app, string competition)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        return await db.ReferenceRows.Where(r => r.Kind == ReferenceKind.Human && db.Competitions.Any(c => c.Id == r.CompetitionId && c.Slug == competition))
            .Select(r => r.Id).SingleAsync(Cancellation);
    }
}

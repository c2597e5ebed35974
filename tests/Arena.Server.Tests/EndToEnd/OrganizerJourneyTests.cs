using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Contracts;
using Arena.Server.Tests.Drafts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Arena.Server.Tests.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.EndToEnd;

/// <summary>
/// The whole organizer sequence through the API alone, as the README shows it: a teacher creates a study group and
/// invites two members, uploads a bundle and reads its checks, publishes, the members submit while someone watches,
/// the human, paper and ML.NET-baseline rows take their places live, and closing reveals the private leaderboard
/// with its shake-up.
/// </summary>
public sealed class OrganizerJourneyTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_teacher_runs_a_group_competition_from_upload_to_reveal(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            await app.SignUpAsync("site-admin");
            var teacher = await app.SignUpAsync("teacher");
            var ann = await app.SignUpAsync("ann");
            var bob = await app.SignUpAsync("bob");
            var outsider = await app.SignUpAsync("outsider");

            // 1. A group, and an invite that both members use.
            Assert.Equal(HttpStatusCode.Created, (await teacher.PostAsJsonAsync("/api/groups", new { slug = "ml-study", name = "ML study group" }, Cancellation)).StatusCode);
            var invite = await teacher.PostAsJsonAsync("/api/groups/ml-study/invites", new { expiresAt = _clock.GetUtcNow().AddDays(7) }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
            var code = (await invite.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["code"]!.GetValue<string>();
            foreach (var member in new[] { ann, bob })
                Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync("/api/groups/join", new { code }, Cancellation)).StatusCode);
            var members = (await teacher.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/members", Cancellation))!;
            Assert.Equal(["ann", "bob", "teacher"], members.Select(m => m!["userName"]!.GetValue<string>()).Order());

            // 2. Upload a bundle into the group as a draft, and read the checks.
            var upload = new MultipartFormDataContent
            {
                { new ByteArrayContent(ZippedIris("iris-study")), "bundle", "iris-study.zip" },
                { new StringContent("ml-study"), "group" },
            };
            var created = await teacher.PostAsync("/api/competitions", upload, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync("/api/competitions/iris-study", Cancellation)).StatusCode);
            var checks = (await teacher.GetFromJsonAsync<JsonObject>("/api/competitions/iris-study/checks", Cancellation))!;
            Assert.False(checks["hasErrors"]!.GetValue<bool>(), checks.ToJsonString());

            // 3. Publish: the members see it, the outsider does not.
            Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/competitions/iris-study/publish", null, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/api/competitions/iris-study", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync("/api/competitions/iris-study", Cancellation)).StatusCode);

            await using var watcher = await app.ConnectHubAsync(await app.TokenAsync("bob"));
            var pushed = new HubRecorder(watcher);
            await watcher.InvokeAsync<LeaderboardSnapshot>("Watch", "iris-study", Cancellation);
            await using var outsiderHub = await app.ConnectHubAsync(await app.TokenAsync("outsider"));
            await Assert.ThrowsAsync<HubException>(() => outsiderHub.InvokeAsync<LeaderboardSnapshot>("Watch", "iris-study", Cancellation));

            // 4. Both members submit: ann is right on the Public rows only, bob on the Private rows only.
            var solution = DraftBundles.ReadCsv(DraftBundles.Folder("iris") + "/solution.csv").Rows;
            Assert.Equal("scored", (await ann.WaitForResultAsync(await ann.SubmitAcceptedAsync("iris-study", Predictions(solution, rightOn: "Public"))))["status"]!.GetValue<string>());
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal("scored", (await bob.WaitForResultAsync(await bob.SubmitAcceptedAsync("iris-study", Predictions(solution, rightOn: "Private"))))["status"]!.GetValue<string>());

            // 5. Human, paper and ML.NET-baseline rows, placed live.
            Assert.Equal(HttpStatusCode.Created, (await teacher.PostAsJsonAsync("/api/competitions/iris-study/references",
                new { kind = "human", name = "Botany students", score = 0.9, source = "Class exercise, spring 2027", peopleCount = 12, note = "labelled from the four measurements" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await teacher.PostAsJsonAsync("/api/competitions/iris-study/references",
                new { kind = "paper", name = "Fisher (1936)", score = 0.96, source = "R. A. Fisher (1936), Annals of Eugenics 7(2)", tolerance = 0.05 }, Cancellation)).StatusCode);
            var baseline = await teacher.PostAsync("/api/competitions/iris-study/references/baseline", null, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, baseline.StatusCode);
            var baselineId = (await baseline.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["id"]!.GetValue<int>();
            JsonObject? trained = null;
            await HangfireJobs.EventuallyAsync(() =>
            {
                trained = teacher.GetFromJsonAsync<JsonObject>($"/api/competitions/iris-study/references/{baselineId}", Cancellation).GetAwaiter().GetResult();
                return trained!["status"]!.GetValue<string>() != "training";
            }, "the ML.NET baseline is still training", seconds: 120);
            Assert.True(trained!["status"]!.GetValue<string>() == "ready", trained.ToJsonString());
            await HangfireJobs.EventuallyAsync(() => pushed.Snapshots.Any(s => s.Rows.Any(r => r.DisplayName == "ML.NET baseline")),
                "the ML.NET baseline never reached the watchers", seconds: 120);
            var live = pushed.Snapshots[^1];
            Assert.Equal(["human", "paper", "benchmark"], new[] { "Botany students", "Fisher (1936)", "ML.NET baseline" }
                .Select(name => live.Rows.Single(r => r.DisplayName == name).Kind));
            Assert.Equal(live.Rows.OrderByDescending(r => r.Score).ThenBy(r => r.Rank is null).Select(r => r.DisplayName), live.Rows.Select(r => r.DisplayName));
            Assert.Equal(2, live.Summary.Participants);
            Assert.NotNull(live.Summary.BeatingHuman);
            var details = (await ann.GetFromJsonAsync<JsonObject>("/api/competitions/iris-study", Cancellation))!;
            Assert.Equal(live.Summary.BeatingHuman, details["summary"]!["beatingHuman"]!.GetValue<int>());
            Assert.Equal(live.Summary.Replicating, details["summary"]!["replicating"]!.GetValue<int>());

            // 6. Close: a deadline an hour away, the closing job at that time, and the private leaderboard with its shake-up.
            var deadline = _clock.GetUtcNow().AddHours(1);
            Assert.Equal(HttpStatusCode.OK, (await teacher.PatchAsJsonAsync("/api/competitions/iris-study", new { deadline }, Cancellation)).StatusCode);
            var closing = app.ScheduledClosingJobs().Single(j => j.EnqueueAt == deadline.UtcDateTime).Id;
            _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
            await app.RunJobNowAsync(closing);
            var board = (await ann.GetFromJsonAsync<JsonObject>("/api/competitions/iris-study/leaderboard?view=private", Cancellation))!;
            var rows = board["rows"]!.AsArray().Where(r => r!["kind"]!.GetValue<string>() == "participant").Select(r => r!.AsObject()).ToList();
            Assert.Equal(["bob", "ann"], rows.Select(r => r["displayName"]!.GetValue<string>()));
            Assert.Equal([2, 1], rows.Select(r => r["publicRank"]!.GetValue<int>()));
            Assert.Equal([1, -1], rows.Select(r => r["shakeUp"]!.GetValue<int>()));
            await HangfireJobs.EventuallyAsync(() => pushed.Snapshots.Any(s => s.Summary.PrivateRevealed), "the reveal never reached the watchers");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>The right label on the rows of one usage and a wrong one on the others.</summary>
    static string Predictions(List<string[]> solution, string rightOn)
    {
        var labels = solution.Select(r => r[1]).Distinct().Order().ToArray();
        string Wrong(string label) => labels[(Array.IndexOf(labels, label) + 1) % labels.Length];
        return "id,label\n" + string.Concat(solution.Select(r => $"{r[0]},{(r[2] == rightOn ? r[1] : Wrong(r[1]))}\n"));
    }

    /// <summary>The real iris bundle under a new slug, zipped inside a single top-level folder as a user's zip tool makes it.</summary>
    static byte[] ZippedIris(string slug)
    {
        var copy = DraftBundles.Copy("iris");
        var yaml = Path.Combine(copy, "competition.yaml");
        File.WriteAllText(yaml, $"slug: {slug}\n" + File.ReadAllText(yaml));
        var zip = Path.Combine(Path.GetDirectoryName(copy)!, "bundle.zip");
        ZipFile.CreateFromDirectory(copy, zip, CompressionLevel.Fastest, includeBaseDirectory: true);
        var bytes = File.ReadAllBytes(zip);
        Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        return bytes;
    }
}

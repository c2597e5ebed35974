using System.Net;
using System.Net.Http.Json;
using Arena.Contracts;
using Arena.Scoring.Humans;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Arena.Server.Tests.Live;
using Microsoft.AspNetCore.SignalR.Client;
using static Arena.Server.Tests.Humans.HumanLeaderboardSteps;

namespace Arena.Server.Tests.Humans;

/// <summary>
/// The measured human row and every participant's "on the human items" figure, on the <c>humans</c> bundle (accuracy,
/// 50 sampled items of h01..h60, h01..h20 Public): one annotator answers, wrong on every even item; "perfect" is right
/// everywhere, "mimic" right exactly where the annotator is. The figures must equal the scoring library's on the same
/// items: the Public ones while private scores are hidden (except for organizers), all of them after the reveal.
/// </summary>
public sealed class HumanLeaderboardTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = HumanBundles.Create();

    static bool AnnotatorRight(int i) => i % 2 != 0;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    static async Task<LeaderboardSnapshot> BoardAsync(HttpClient client, string view = "public") =>
        (await client.GetFromJsonAsync<LeaderboardSnapshot>($"/api/competitions/{Slug}/leaderboard?view={view}", ArenaClients.Json, Cancellation))!;

    static LeaderboardRow Participant(LeaderboardSnapshot board, string name) => Assert.Single(board.Rows, r => r.DisplayName == name);

    static LeaderboardRow Measured(LeaderboardSnapshot board) => Assert.Single(board.Rows, r => r.Human is not null);

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Figures_equal_the_library_on_the_public_study_items_before_the_reveal_and_on_all_after(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var perfect = await app.SignUpAsync("perfect");
            var mimic = await app.SignUpAsync("mimic");
            await perfect.WaitForResultAsync(await perfect.SubmitAcceptedAsync(Slug, Submission(_ => true)));
            await mimic.WaitForResultAsync(await mimic.SubmitAcceptedAsync(Slug, Submission(AnnotatorRight)));
            var anonymous = app.CreateClient();
            var before = await BoardAsync(anonymous);
            Assert.DoesNotContain(before.Rows, r => r.Human is not null || r.OnHumanItems is not null);
            Assert.Null(before.HumanItems);

            var given = await (await app.SignUpAsync("annotator")).AnswerTestItemsAsync(30, AnnotatorRight);
            Assert.Equal(30, given.Count);
            Assert.Contains(given.Keys, id => !IsPublic(id));

            // Anonymous and participants: the Public study items only.
            foreach (var client in (HttpClient[])[anonymous, perfect])
            {
                var board = await BoardAsync(client);
                var human = Measured(board);
                var all = HumanBaseline.Compute(Panel(given, _ => true));
                // Rows' scores are shown to participants at the display precision (5 decimals by default).
                Assert.Equal((Math.Round(all.Score, 5, MidpointRounding.AwayFromZero), (int?)null, LeaderboardKinds.Human), (human.Score!.Value, human.Rank, human.Kind));
                Assert.Equal((all.Interval.Low, all.Interval.High, 30, 1, "meanOfIndividuals", true, "accuracy", true, $"/c/{Slug}/human-study/protocol"),
                    (human.Human!.Low, human.Human.High, human.Human.Items, human.Human.Annotators, human.Human.Aggregation, human.Human.Provisional,
                     human.Human.Metric, human.Human.Ranked, human.Human.ProtocolUrl));
                var publicCount = given.Keys.Count(IsPublic);
                var publicPanel = HumanBaseline.Compute(Panel(given, IsPublic));
                Assert.Equal(new HumanItemsSet("public", publicCount, publicPanel.Score, publicPanel.Interval.Low, publicPanel.Interval.High), board.HumanItems);
                var expectedPerfect = Expected(given, IsPublic, _ => true, "public");
                var expectedMimic = Expected(given, IsPublic, AnnotatorRight, "public");
                AssertSame(expectedPerfect, Participant(board, "perfect").OnHumanItems);
                AssertSame(expectedMimic, Participant(board, "mimic").OnHumanItems);
                // The beats-humans rule: the interval's low end above 0, and nothing else.
                Assert.True(expectedPerfect.BeatsHumans);
                Assert.False(expectedMimic.BeatsHumans);
                Assert.Equal((true, false), (Participant(board, "perfect").BeatsHuman, Participant(board, "mimic").BeatsHuman));
                Assert.Equal(1, board.Summary.BeatingHuman);
                // Placed where its accuracy ranks, as reference rows are: participants at or above its score before it, the rest after.
                var at = board.Rows.ToList().IndexOf(human);
                Assert.All(board.Rows.Take(at).Where(r => r.Rank is not null), r => Assert.True(r.Score >= human.Score, $"{r.DisplayName} above"));
                Assert.All(board.Rows.Skip(at).Where(r => r.Rank is not null), r => Assert.True(r.Score < human.Score, $"{r.DisplayName} below"));
                Assert.True(board.Rows.ToList().FindIndex(r => r.DisplayName == "perfect") < at);
            }

            // Organizers may see private scores: every study item.
            var organized = await BoardAsync(admin);
            Assert.Equal(("all", 30), (organized.HumanItems!.ItemSet, organized.HumanItems.Items));
            AssertSame(Expected(given, _ => true, _ => true, "all"), Participant(organized, "perfect").OnHumanItems);
            // Route rules unchanged: the private view stays closed before the reveal, the export stays the organizers'.
            Assert.Equal(HttpStatusCode.Forbidden, (await perfect.GetAsync($"/api/competitions/{Slug}/leaderboard?view=private", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await perfect.GetAsync($"/api/competitions/{Slug}/leaderboard.csv", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/competitions/{Slug}/leaderboard.csv", Cancellation)).StatusCode);
            var csv = await admin.GetStringAsync($"/api/competitions/{Slug}/leaderboard.csv", Cancellation);
            Assert.Contains(",all,30,", csv, StringComparison.Ordinal);

            await app.RevealAsync();
            foreach (var view in (string[])["public", "private"])
            {
                var revealed = await BoardAsync(perfect, view);
                Assert.Equal(("all", 30), (revealed.HumanItems!.ItemSet, revealed.HumanItems.Items));
                AssertSame(Expected(given, _ => true, _ => true, "all"), Participant(revealed, "perfect").OnHumanItems);
                AssertSame(Expected(given, _ => true, AnnotatorRight, "all"), Participant(revealed, "mimic").OnHumanItems);
            }
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Answers_push_the_leaderboard_with_the_human_row(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var perfect = await app.SignUpAsync("perfect");
            await perfect.WaitForResultAsync(await perfect.SubmitAcceptedAsync(Slug, Submission(_ => true)));
            await using var watcher = await app.ConnectHubAsync();
            var recorder = new HubRecorder(watcher);
            var first = await watcher.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), Slug, Cancellation);
            Assert.DoesNotContain(first.Rows, r => r.Human is not null);

            var given = await (await app.SignUpAsync("annotator")).AnswerTestItemsAsync(12, AnnotatorRight);
            // The push after the last answer carries every answer, within the 5-second throttle and some slack.
            await HangfireJobs.EventuallyAsync(() => recorder.Snapshots.Any(s => s.Rows.Any(r => r.Human?.Items == given.Count)),
                "no push carried the human row with every answer", seconds: 20);
            var pushed = recorder.Snapshots.Last(s => s.Rows.Any(r => r.Human?.Items == given.Count));
            Assert.Equal(Math.Round(HumanBaseline.Compute(Panel(given, _ => true)).Score, 5, MidpointRounding.AwayFromZero), Measured(pushed).Score);
            Assert.Equal("public", pushed.HumanItems!.ItemSet);
            AssertSame(Expected(given, IsPublic, _ => true, "public"), Participant(pushed, "perfect").OnHumanItems);
            // Throttled: twelve answers (and the practice before them) in quick succession are far fewer pushes.
            Assert.True(recorder.Snapshots.Count < 12, $"{recorder.Snapshots.Count} pushes");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

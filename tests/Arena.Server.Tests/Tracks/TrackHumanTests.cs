using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Contracts;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Humans;
using Arena.Server.Tests.Infrastructure;
using static Arena.Server.Tests.Humans.HumanLeaderboardSteps;

namespace Arena.Server.Tests.Tracks;

/// <summary>
/// A track's paper on the <c>humans</c> bundle, whose study one annotator answers (wrong on every even item): a member's
/// "beats the measured human" is the leaderboard's own paired figure for the submission that decided their score.
/// </summary>
public sealed class TrackHumanTests(PostgresCluster cluster) : IAsyncDisposable
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
    public async Task Beating_the_measured_human_follows_the_leaderboards_paired_comparison(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            var perfect = await app.SignUpAsync("perfect");
            var mimic = await app.SignUpAsync("mimic");
            var annotator = await app.SignUpAsync("annotator");
            await olga.GroupWithMembersAsync("ml-study", perfect, mimic, annotator);
            await app.AttachToGroupAsync(Slug, "ml-study");
            await olga.CreateTrackAsync("ml-study", "humans");
            await olga.AddedPaperAsync("ml-study", "humans", Slug, 1.0, 0.01);
            await perfect.WaitForResultAsync(await perfect.SubmitAcceptedAsync(Slug, Submission(_ => true)));
            await mimic.WaitForResultAsync(await mimic.SubmitAcceptedAsync(Slug, Submission(i => i % 2 != 0)));

            Assert.All(await FiguresAsync(olga), f => Assert.Null(f.Beats));

            await annotator.AnswerTestItemsAsync(50, i => i % 2 != 0);
            var board = (await perfect.GetFromJsonAsync<LeaderboardSnapshot>($"/api/competitions/{Slug}/leaderboard", ArenaClients.Json, Cancellation))!;
            bool? Expected(string name) => Assert.Single(board.Rows, r => r.DisplayName == name).OnHumanItems?.BeatsHumans;

            var figures = await FiguresAsync(olga);
            Assert.Equal(Expected("perfect"), figures.Single(f => f.User == "perfect").Beats);
            Assert.Equal(Expected("mimic"), figures.Single(f => f.User == "mimic").Beats);
            // Right on every public item against an annotator wrong on half of them: the interval clears 0.
            Assert.True(figures.Single(f => f.User == "perfect").Beats);
            // Right exactly where the annotator is: a difference of 0 never beats.
            Assert.False(figures.Single(f => f.User == "mimic").Beats);
            Assert.Null(figures.Single(f => f.User == "olga").Beats);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>Each member's figure through their own progress route, read by the organizer.</summary>
    static async Task<List<(string User, bool? Beats)>> FiguresAsync(HttpClient organizer)
    {
        var figures = new List<(string, bool?)>();
        foreach (var user in new[] { "olga", "perfect", "mimic" })
        {
            var progress = (await organizer.GetFromJsonAsync<JsonObject>($"/api/groups/ml-study/tracks/humans/members/{user}/progress", Cancellation))!;
            figures.Add((user, progress["papers"]!.AsArray().Single()!["beatsMeasuredHuman"]?.GetValue<bool>()));
        }
        return figures;
    }
}

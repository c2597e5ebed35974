using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Closing;

/// <summary>
/// Closing the <c>deadline</c> bundle (deadline 2030-01-01) on a fake clock: the public leaderboard freezes at the
/// deadline, the private one opens when the reveal is due, and organizers may move the reveal or reveal early.
/// </summary>
public sealed class ClosingTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    static readonly DateTime Deadline = new(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    readonly string _bundles = TestBundles.Create();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2029, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_delayed_reveal_freezes_at_the_deadline_then_reveals_with_the_shake_up(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            var organizer = await app.SignUpAsync("organizer");
            var (publicStar, steady) = await SubmitShakeUpPairAsync(app);
            var revealAt = Deadline.AddDays(1);

            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/competitions/deadline/reveal", new { at = revealAt }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await publicStar.PostAsJsonAsync("/api/competitions/deadline/reveal", new { at = revealAt }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await organizer.PostAsJsonAsync("/api/competitions/deadline/reveal", new { at = Deadline.AddYears(-5) }, Cancellation)).StatusCode);
            var delayed = await organizer.PostAsJsonAsync("/api/competitions/deadline/reveal", new { at = revealAt }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, delayed.StatusCode);
            Assert.Equal(revealAt, (await delayed.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["revealAt"]!.GetValue<DateTime>());
            var jobs = app.ScheduledClosingJobs();
            var atDeadline = jobs.First(j => j.EnqueueAt == Deadline).Id; // scheduled at import and again with the new reveal time; either does the same
            var atReveal = jobs.Single(j => j.EnqueueAt == revealAt).Id;

            _clock.SetUtcNow(new DateTimeOffset(Deadline.AddSeconds(1)));
            await app.RunJobNowAsync(atDeadline);
            var frozen = (await PublicBoardAsync(app))["summary"]!;
            Assert.True(frozen["publicFrozen"]!.GetValue<bool>());
            Assert.False(frozen["privateRevealed"]!.GetValue<bool>());
            Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().GetAsync("/api/competitions/deadline/leaderboard?view=private", Cancellation)).StatusCode);

            _clock.SetUtcNow(new DateTimeOffset(revealAt.AddSeconds(1)));
            await app.RunJobNowAsync(atReveal);
            var board = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/deadline/leaderboard?view=private", Cancellation))!;
            var rows = board["rows"]!.AsArray().Where(r => r!["kind"]!.GetValue<string>() == "participant").Select(r => r!.AsObject())
                .ToDictionary(r => r["displayName"]!.GetValue<string>());
            Assert.Equal((1, 2, 1), Ranks(rows["steady"]));
            Assert.Equal((2, 1, -1), Ranks(rows["public-star"]));

            // A year on, the organizer's week-long token has expired: they sign in again.
            organizer.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("organizer"));
            var actions = (await organizer.GetFromJsonAsync<JsonArray>("/api/competitions/deadline/audit", Cancellation))!.Select(a => a!["action"]!.GetValue<string>()).ToList();
            Assert.Equal(["private-leaderboard-revealed", "public-leaderboard-frozen", "reveal-scheduled"], actions);
            Assert.Equal(HttpStatusCode.Conflict, (await organizer.PostAsync("/api/competitions/deadline/reveal", null, Cancellation)).StatusCode);
            _ = steady;
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_organizer_can_reveal_before_the_deadline(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            var organizer = await app.SignUpAsync("organizer");
            await SubmitShakeUpPairAsync(app);
            Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().GetAsync("/api/competitions/deadline/leaderboard?view=private", Cancellation)).StatusCode);

            var revealed = await organizer.PostAsync("/api/competitions/deadline/reveal", null, Cancellation);

            Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
            Assert.True((await revealed.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["revealed"]!.GetValue<bool>());
            var board = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/deadline/leaderboard?view=private", Cancellation))!;
            Assert.Equal("steady", board["rows"]!.AsArray().First(r => r!["kind"]!.GetValue<string>() == "participant")!["displayName"]!.GetValue<string>());
            var entry = (await organizer.GetFromJsonAsync<JsonArray>("/api/competitions/deadline/audit", Cancellation))![0]!;
            Assert.Equal("organizer", entry["actor"]!.GetValue<string>());
            Assert.True(entry["details"]!["early"]!.GetValue<bool>());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>
    /// Rows 1–6 are Public and 7–18 Private (labels alternate). "public-star" is right on Public and wrong on Private;
    /// "steady" says 0.5 on Public and is right on Private, so the reveal swaps them.
    /// </summary>
    async Task<(HttpClient PublicStar, HttpClient Steady)> SubmitShakeUpPairAsync(ArenaApp app)
    {
        var publicStar = await app.SignUpAsync("public-star");
        var steady = await app.SignUpAsync("steady");
        string Right(int id) => TestBundles.Label(id).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Wrong(int id) => (1 - TestBundles.Label(id)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await publicStar.WaitForResultAsync(await publicStar.SubmitAcceptedAsync("deadline", TestBundles.BinarySubmission(value: id => id <= 6 ? Right(id) : Wrong(id))));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await steady.WaitForResultAsync(await steady.SubmitAcceptedAsync("deadline", TestBundles.BinarySubmission(value: id => id <= 6 ? "0.5" : Right(id))));
        return (publicStar, steady);
    }

    static (int Rank, int PublicRank, int ShakeUp) Ranks(JsonObject row) =>
        (row["rank"]!.GetValue<int>(), row["publicRank"]!.GetValue<int>(), row["shakeUp"]!.GetValue<int>());

    static async Task<JsonObject> PublicBoardAsync(ArenaApp app) =>
        (await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/deadline/leaderboard", Cancellation))!;
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Running;

public sealed class ExtraSubmissionTests(PostgresCluster cluster) : IAsyncDisposable
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
    public async Task An_extra_submission_lets_a_participant_past_the_daily_limit(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("extra-admin");
            var participant = await app.SignUpAsync("extra-participant");
            for (var i = 0; i < 2; i++) await participant.WaitForResultAsync(await participant.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission(swaps: i)));
            Assert.Equal(HttpStatusCode.TooManyRequests, (await participant.SubmitAsync("tiny-limit", TestBundles.BinarySubmission())).StatusCode);

            var granted = await admin.PostAsJsonAsync("/api/competitions/tiny-limit/extra-submissions", new { userName = "extra-participant", count = 1 }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
            var grant = (await granted.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(("extra-participant", today, 1, 3),
                (grant["userName"]!.GetValue<string>(), grant["day"]!.GetValue<string>(), grant["extra"]!.GetValue<int>(), grant["limit"]!.GetValue<int>()));

            var ledger = await participant.GetFromJsonAsync<JsonObject>("/api/competitions/tiny-limit/limits", Cancellation);
            Assert.Equal((2, 1, 3), (ledger!["used"]!.GetValue<int>(), ledger["remaining"]!.GetValue<int>(), ledger["limit"]!.GetValue<int>()));
            Assert.Equal(HttpStatusCode.Accepted, (await participant.SubmitAsync("tiny-limit", TestBundles.BinarySubmission())).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await participant.SubmitAsync("tiny-limit", TestBundles.BinarySubmission())).StatusCode);

            // A grant for a later day adds to that day only.
            var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var later = await admin.PostAsJsonAsync("/api/competitions/tiny-limit/extra-submissions", new { userName = "extra-participant", count = 2, day = tomorrow }, Cancellation);
            Assert.Equal(2, (await later.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["extra"]!.GetValue<int>());

            var unknown = await admin.PostAsJsonAsync("/api/competitions/tiny-limit/extra-submissions", new { userName = "nobody-here", count = 1 }, Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("nobody-here", await unknown.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            foreach (var bad in new object[] { new { userName = "extra-participant", count = 0 }, new { userName = "extra-participant", count = 1, day = "01/02/2030" } })
                Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/competitions/tiny-limit/extra-submissions", bad, Cancellation)).StatusCode);

            var audit = await Organizers.AuditAsync(admin, "tiny-limit");
            Assert.Equal(2, audit.Count(e => e!["action"]!.GetValue<string>() == "extra-submissions-granted" && e["actor"]!.GetValue<string>() == "extra-admin"));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

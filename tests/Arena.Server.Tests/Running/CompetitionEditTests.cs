using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Closing;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Running;

/// <summary>Organizers edit a competition; each test has its own server, so its first user is the admin.</summary>
public sealed class CompetitionEditTests(PostgresCluster cluster) : IAsyncDisposable
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
    public async Task An_edit_shows_in_the_competition_moves_the_closing_job_and_is_audited(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("edit-admin");
            var deadline = new DateTime(2031, 3, 1, 12, 0, 0, DateTimeKind.Utc);

            var edited = await admin.PatchAsJsonAsync("/api/competitions/deadline",
                new { title = "Renamed", overview = "# New rules", deadline, dailySubmissionLimit = 7, finalSelections = 3 }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
            Assert.Equal("Renamed", (await edited.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["title"]!.GetValue<string>());

            var shown = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/deadline", Cancellation);
            Assert.Equal(("Renamed", "# New rules", deadline, 7, 3), (shown!["title"]!.GetValue<string>(), shown["overview"]!.GetValue<string>(),
                shown["deadline"]!.GetValue<DateTime>().ToUniversalTime(), shown["dailySubmissionLimit"]!.GetValue<int>(), shown["finalSelections"]!.GetValue<int>()));
            // Untouched fields stay.
            Assert.Equal("A small binary competition for tests.", shown["description"]!.GetValue<string>());

            // The closing job now waits for the new deadline.
            var scheduled = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 100);
            Assert.Contains(scheduled, j => j.Value.Job.Type == typeof(CloseCompetitionJob) && j.Value.EnqueueAt == deadline);

            var audit = await Organizers.AuditAsync(admin, "deadline");
            var entry = Assert.Single(audit, e => e!["action"]!.GetValue<string>() == "competition-edited")!;
            Assert.Equal("edit-admin", entry["actor"]!.GetValue<string>());
            Assert.Equal(("Test deadline", "Renamed"), (entry["details"]!["title"]!["old"]!.GetValue<string>(), entry["details"]!["title"]!["new"]!.GetValue<string>()));
            Assert.Equal((20, 7), (entry["details"]!["dailySubmissionLimit"]!["old"]!.GetValue<int>(), entry["details"]!["dailySubmissionLimit"]!["new"]!.GetValue<int>()));
            Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), entry["details"]!["deadline"]!["old"]!.GetValue<DateTime>().ToUniversalTime());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Bad_edits_are_refused_with_the_field_named_and_change_nothing(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("edit-admin");
            var past = await admin.PatchAsJsonAsync("/api/competitions/deadline", new { deadline = DateTime.UtcNow.AddMinutes(-1) }, Cancellation);
            Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
            Assert.Contains("'deadline'", await DetailAsync(past), StringComparison.Ordinal);

            foreach (var (field, body) in new (string, object)[] { ("dailySubmissionLimit", new { dailySubmissionLimit = 0 }), ("finalSelections", new { finalSelections = -1 }), ("title", new { title = " " }) })
            {
                var refused = await admin.PatchAsJsonAsync("/api/competitions/deadline", body, Cancellation);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Contains($"'{field}'", await DetailAsync(refused), StringComparison.Ordinal);
            }

            var closed = await admin.PatchAsJsonAsync("/api/competitions/closed", new { deadline = DateTime.UtcNow.AddDays(30) }, Cancellation);
            Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
            // A closed competition may still be renamed.
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync("/api/competitions/closed", new { title = "Closed, renamed" }, Cancellation)).StatusCode);

            var shown = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/deadline", Cancellation);
            Assert.Equal(("Test deadline", 20, 2), (shown!["title"]!.GetValue<string>(), shown["dailySubmissionLimit"]!.GetValue<int>(), shown["finalSelections"]!.GetValue<int>()));
            Assert.DoesNotContain(await Organizers.AuditAsync(admin, "deadline"), e => e!["action"]!.GetValue<string>() == "competition-edited");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["detail"]!.GetValue<string>();
}

using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Scoring;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Live;

/// <summary>
/// The scoring lease: a claim whose job is still at work is renewed and never taken over, however long the scoring
/// takes; once renewals stop (the worker died) the next job takes it over after the lease and scores it. A web-only
/// node with a 3 s lease: no worker or sweep of its own claims anything, so the test's jobs are the only ones.
/// </summary>
public sealed class ClaimRenewalTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_renewed_claim_outlives_the_lease_and_an_abandoned_one_is_taken_over_after_it(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles, roles: "web",
            settings: new Dictionary<string, string?> { ["Arena:ScoringLease"] = Lease.ToString() });
        try
        {
            var client = await app.SignUpAsync("renewed");
            var id = await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 1));
            // A job's claim, as ScoreSubmissionJob takes it (whole milliseconds), held by a job that is still scoring.
            var now = DateTime.UtcNow;
            var claimedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
            await UpdateAsync(app, id, s => s
                .SetProperty(x => x.Status, SubmissionStatus.Scoring)
                .SetProperty(x => x.ScoringStartedAt, claimedAt)
                .SetProperty(x => x.ScoringRenewedAt, claimedAt));
            using (var working = new CancellationTokenSource())
            {
                var renewing = app.Services.GetRequiredService<ClaimRenewal>().KeepAsync(id, claimedAt, working.Token);
                await Task.Delay(Lease * 2, Cancellation);
                await app.RunScoringJobAsync(id);
                var kept = await app.SubmissionRowAsync(id);
                Assert.Equal((SubmissionStatus.Scoring, claimedAt, 0), (kept.Status, kept.ScoringStartedAt, kept.ScoringAttempts));
                Assert.True(kept.ScoringRenewedAt > claimedAt, "the claim was never renewed");
                await working.CancelAsync();
                await renewing;
            }

            // The worker died: no more renewals. Within the lease the claim still stands; after it, a job takes it over.
            var abandonedAt = (await app.SubmissionRowAsync(id)).ScoringRenewedAt!.Value;
            await app.RunScoringJobAsync(id);
            Assert.Equal(0, (await app.SubmissionRowAsync(id)).ScoringAttempts);
            var wait = abandonedAt + Lease + TimeSpan.FromMilliseconds(500) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, Cancellation);
            await app.RunScoringJobAsync(id);
            var row = await app.SubmissionRowAsync(id);
            Assert.Equal((SubmissionStatus.Scored, 1), (row.Status, row.ScoringAttempts));
            Assert.NotEqual(claimedAt, row.ScoringStartedAt);
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    static async Task UpdateAsync(ArenaApp app, Guid id,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Submission>> set)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ArenaDb>().Submissions.Where(s => s.Id == id).ExecuteUpdateAsync(set, Cancellation);
    }
}

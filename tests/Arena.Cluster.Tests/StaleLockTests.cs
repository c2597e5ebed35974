using System.Diagnostics;
using Arena.Cluster.Tests.Cluster;
using Arena.Server.Scoring;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cluster.Tests;

/// <summary>
/// A worker killed while it held one of Hangfire's locks leaves the lock row behind until Hangfire.PostgreSql's lock
/// timeout (<see cref="ScoringSetup.LockTimeout"/>) lets another node take it over.
/// </summary>
[Collection(OneClusterAtATime.Name)]
public sealed class StaleLockTests(PostgresCluster postgres)
{
    const string SweepLock = "hangfire:lock:recurring-job:close-due-competitions";

    /// <summary>
    /// The closing sweep's lock: a worker started meanwhile must score at once, not die at start-up (the kill9 scenario
    /// saw nine such deaths in a row), and register the sweep once the lock is gone. The planted row is dated an hour
    /// ahead so that it stands until the test deletes it, whatever the lock timeout.
    /// </summary>
    [Fact]
    public async Task A_worker_started_under_a_dead_workers_sweep_lock_scores_and_registers_the_sweep_once_the_lock_goes()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.CreateAsync(postgres, cancellation);
        await ExecuteAsync(cluster, $"INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('{SweepLock}', 0, now() + interval '1 hour')");
        var web = await cluster.StartWebAsync("web1");
        var worker = await cluster.StartWorkerAsync("worker1");
        var token = await web.SignUpAsync("ada");
        var (id, _) = await web.SubmitAsync(token, "deadline", TestBundles.BinarySubmission());

        var clock = Stopwatch.StartNew();
        while (await ScalarAsync(cluster, $"""SELECT count(*) FROM "Submissions" WHERE "Id" = '{id}' AND "Status" = 'Scored'""") == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !worker.HasExited, $"not scored after {clock.Elapsed.TotalSeconds:F0} s\n{cluster.Tails()}");
            await Task.Delay(200, cancellation);
        }
        Assert.Equal(0, await RegisteredAsync(cluster));

        await ExecuteAsync(cluster, $"DELETE FROM hangfire.lock WHERE resource = '{SweepLock}'");
        clock.Restart();
        while (await RegisteredAsync(cluster) == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !worker.HasExited, $"sweep not registered {clock.Elapsed.TotalSeconds:F0} s after the lock went\n{cluster.Tails()}");
            await Task.Delay(500, cancellation);
        }
        Assert.False(worker.HasExited);
    }

    /// <summary>
    /// A job's state lock: the row stops every worker thread that fetches the job until it is older than the lock
    /// timeout. With Hangfire.PostgreSql's default (10 minutes) two such jobs stopped a two-thread worker for minutes
    /// after a 3 s database outage; now the job waits the lock timeout and is scored.
    /// </summary>
    [Fact]
    public async Task A_job_whose_state_lock_a_dead_worker_left_behind_is_scored_once_the_lock_times_out()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.CreateAsync(postgres, cancellation);
        var web = await cluster.StartWebAsync("web1");
        var worker = await cluster.StartWorkerAsync("worker1");
        var token = await web.SignUpAsync("ada");

        // The next job ids' state locks, as a worker that lost its connection mid-state-change leaves them.
        var lastJob = await ScalarAsync(cluster, "SELECT coalesce(max(id), 0) FROM hangfire.job");
        await ExecuteAsync(cluster, $"""
            INSERT INTO hangfire.lock (resource, updatecount, acquired)
            SELECT 'hangfire:job:' || n || ':state-lock', 0, now() FROM generate_series({lastJob + 1}, {lastJob + 20}) n
            """);
        var sincePlanted = Stopwatch.StartNew();
        var (id, _) = await web.SubmitAsync(token, "deadline", TestBundles.BinarySubmission());
        var jobId = await ScalarAsync(cluster, $"SELECT id FROM hangfire.job WHERE arguments::text LIKE '%{id}%'");
        Assert.InRange(jobId, lastJob + 1, lastJob + 20);

        while (await ScalarAsync(cluster, $"""SELECT count(*) FROM "Submissions" WHERE "Id" = '{id}' AND "Status" = 'Scored'""") == 0)
        {
            Assert.True(sincePlanted.Elapsed < TimeSpan.FromSeconds(60) && !worker.HasExited, $"not scored {sincePlanted.Elapsed.TotalSeconds:F0} s after the lock was planted\n{cluster.Tails()}");
            await Task.Delay(200, cancellation);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"scored {sincePlanted.Elapsed.TotalSeconds:F1} s after the lock was planted");
        // Not sooner than the timeout: the planted row was really in the job's way.
        Assert.True(sincePlanted.Elapsed >= ScoringSetup.LockTimeout - TimeSpan.FromSeconds(1), $"scored after {sincePlanted.Elapsed.TotalSeconds:F1} s");
    }

    static Task<long> RegisteredAsync(LocalCluster cluster) =>
        ScalarAsync(cluster, "SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value = 'close-due-competitions'");

    static async Task ExecuteAsync(LocalCluster cluster, string sql)
    {
        await using var command = cluster.Database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    static async Task<long> ScalarAsync(LocalCluster cluster, string sql)
    {
        await using var command = cluster.Database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}

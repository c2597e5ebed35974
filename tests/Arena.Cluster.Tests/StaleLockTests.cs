using System.Diagnostics;
using Arena.Cluster.Tests.Cluster;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cluster.Tests;

/// <summary>
/// A worker killed while it held Hangfire's lock on the closing sweep leaves the lock row behind for Hangfire.PostgreSql's
/// lock timeout (10 minutes). A worker started meanwhile must score at once, not die at start-up (the kill9 scenario
/// saw nine such deaths in a row), and register the sweep once the lock is gone.
/// </summary>
[Collection(OneClusterAtATime.Name)]
public sealed class StaleLockTests(PostgresCluster postgres)
{
    const string SweepLock = "hangfire:lock:recurring-job:close-due-competitions";

    [Fact]
    public async Task A_worker_started_under_a_dead_workers_sweep_lock_scores_and_registers_the_sweep_once_the_lock_goes()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.CreateAsync(postgres, cancellation);
        await ExecuteAsync(cluster, $"INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('{SweepLock}', 0, now())");
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

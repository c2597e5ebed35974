using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Arena.Cluster.Tests.Cluster;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cluster.Tests;

/// <summary>
/// Issue 7, test 3: a worker killed with SIGKILL in the middle of 40 scoring jobs loses none and doubles none, and
/// Hangfire drops the dead server from its list.
/// </summary>
/// <remarks>
/// "Scored twice" is measured three ways: every submission's result is written once (the competition's
/// <c>LeaderboardVersion</c>, bumped by each written score, rises by exactly 40); the workers' logs, the dead one's
/// included, hold no submission's "scored" line twice; and a submission was claimed more than once
/// (<c>ScoringAttempts</c> over 1) only if a claim was open when the worker died. A claim taken over after the lease
/// is the recovery working, not a second score: the job's claim lets only one result be written.
/// </remarks>
[Collection(OneClusterAtATime.Name)]
public sealed partial class WorkerCrashTests(PostgresCluster postgres)
{
    const int Jobs = 40;

    /// <summary>
    /// Short on purpose: Hangfire drops a server whose heartbeat is older than ServerTimeout (5 min by default), and
    /// the sweep takes over a claim older than the lease (5 min by default) every SweepInterval.
    /// </summary>
    static readonly Dictionary<string, string> FastRecovery = new()
    {
        ["Hangfire__Server__HeartbeatInterval"] = "00:00:01",
        ["Hangfire__Server__ServerCheckInterval"] = "00:00:01",
        ["Hangfire__Server__ServerTimeout"] = "00:00:05",
        ["Arena__ScoringLease"] = "00:00:05",
        ["Arena__SweepInterval"] = "00:00:01",
    };

    [Fact]
    public async Task Killing_a_worker_mid_run_leaves_all_40_scored_once_and_the_server_list_clean()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.CreateAsync(postgres, cancellation);
        var web1 = await cluster.StartWebAsync("web1");
        // "deadline" takes 20 a day per user, so two users make the 40.
        var tokens = new[] { await web1.SignUpAsync("ada"), await web1.SignUpAsync("grace") };
        var versionBefore = await ScalarAsync<long>(cluster, """SELECT "LeaderboardVersion" FROM "Competitions" WHERE "Slug" = 'deadline'""");
        for (var i = 0; i < Jobs; i++) await web1.SubmitAsync(tokens[i % 2], "deadline", TestBundles.BinarySubmission(swaps: i % 5));

        // One worker thread works through the queue; it is killed once a few are scored, so jobs are left on both
        // sides, preferably while it holds a claim (a claim lasts milliseconds, so after 10 s it is killed regardless).
        var doomed = cluster.Launch("worker1", "worker", new Dictionary<string, string>(FastRecovery) { ["Arena__WorkerCount"] = "1" });
        var clock = Stopwatch.StartNew();
        var enough = default(Stopwatch);
        while (true)
        {
            var scored = await CountAsync(cluster, "Scored");
            if (scored >= 5)
            {
                enough ??= Stopwatch.StartNew();
                if (await CountAsync(cluster, "Scoring") > 0 || enough.Elapsed > TimeSpan.FromSeconds(10)) break;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120) && !doomed.HasExited, $"worker1 scored {scored} in {clock.Elapsed.TotalSeconds:F0} s\n{cluster.Tails()}");
            await Task.Delay(scored >= 5 ? 1 : 10, cancellation);
        }
        var doomedServer = await ScalarAsync<long>(cluster, $"SELECT count(*) FROM hangfire.server WHERE id LIKE '%:{doomed.Pid.ToString(CultureInfo.InvariantCulture)}:%'");
        doomed.Kill();
        var claimedAtKill = await IdsAsync(cluster, "Scoring");
        var scoredAtKill = await CountAsync(cluster, "Scored");
        TestContext.Current.TestOutputHelper?.WriteLine($"killed worker1 with {scoredAtKill} scored and {claimedAtKill.Count} claimed");
        Assert.True(scoredAtKill < Jobs, $"worker1 scored all {Jobs} before it was killed: nothing was left to recover\n{cluster.Tails()}");
        Assert.Equal(1, doomedServer);

        var survivor = await cluster.StartWorkerAsync("worker2", FastRecovery);
        clock.Restart();
        long scoredNow;
        while ((scoredNow = await CountAsync(cluster, "Scored")) < Jobs)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{scoredNow} of {Jobs} scored {clock.Elapsed.TotalSeconds:F0} s after worker2 started\n{cluster.Tails()}");
            await Task.Delay(100, cancellation);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"all {Jobs} scored {clock.Elapsed.TotalMilliseconds:F0} ms after worker2 was ready");

        // Written once: each written score bumps the version once.
        var versionAfter = await ScalarAsync<long>(cluster, """SELECT "LeaderboardVersion" FROM "Competitions" WHERE "Slug" = 'deadline'""");
        Assert.Equal(Jobs, versionAfter - versionBefore);
        // Completed once: no submission has two "scored" lines across both workers' logs. (The killed worker may
        // have written a score and died before its console logger flushed the line; with one thread, one at most.)
        var completions = cluster.Nodes.Where(n => n.Roles == "worker").DistinctBy(n => n.LogFile)
            .SelectMany(n => File.ReadLines(n.LogFile)).Select(line => ScoredLine().Match(line)).Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(completions.Count, Jobs - 1, Jobs);
        Assert.All(completions, c => Assert.True(c.Value == 1, $"submission {c.Key} was scored {c.Value} times\n{cluster.Tails()}"));
        // Claimed again only where the dead worker held the claim.
        var reclaimed = await IdsAsync(cluster, null, """ "ScoringAttempts" > 1""");
        TestContext.Current.TestOutputHelper?.WriteLine($"claimed more than once: {reclaimed.Count}");
        Assert.Subset(claimedAtKill.ToHashSet(), reclaimed.ToHashSet());

        // Hangfire forgets the dead server once its heartbeat is older than ServerTimeout.
        clock.Restart();
        long servers;
        while ((servers = await ScalarAsync<long>(cluster, "SELECT count(*) FROM hangfire.server")) != 1)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"hangfire.server still lists {servers} servers after 30 s\n{cluster.Tails()}");
            await Task.Delay(200, cancellation);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"hangfire.server down to worker2's row {clock.Elapsed.TotalMilliseconds:F0} ms after all were scored");
        Assert.False(survivor.HasExited);
    }

    static Task<long> CountAsync(LocalCluster cluster, string status) =>
        ScalarAsync<long>(cluster, $"""SELECT count(*) FROM "Submissions" WHERE "Status" = '{status}'""");

    static async Task<List<Guid>> IdsAsync(LocalCluster cluster, string? status, string? condition = null)
    {
        await using var command = cluster.Database.CreateCommand(
            $"""SELECT "Id" FROM "Submissions" WHERE {(status is null ? condition : $"\"Status\" = '{status}'")}""");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    static async Task<T> ScalarAsync<T>(LocalCluster cluster, string sql)
    {
        await using var command = cluster.Database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    [GeneratedRegex(@"Submission ([0-9a-f-]{36}) for deadline: scored")]
    private static partial Regex ScoredLine();
}

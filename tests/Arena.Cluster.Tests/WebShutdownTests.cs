using System.Diagnostics;
using Arena.Cluster.Tests.Cluster;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cluster.Tests;

/// <summary>
/// Issue 7, graceful shutdown of a web node: SIGTERM closes its hub connections cleanly (the client is told, rather
/// than finding a dead socket), the process exits 0 well within the stop grace, and a watcher that reconnects to the
/// other node gets the current leaderboard from <c>Watch</c>.
/// </summary>
[Collection(OneClusterAtATime.Name)]
public sealed class WebShutdownTests(PostgresCluster postgres)
{
    [Fact]
    public async Task A_web_node_stopping_closes_its_hub_connections_cleanly_and_exits_0()
    {
        await using var cluster = await LocalCluster.CreateAsync(postgres, TestContext.Current.CancellationToken);
        var web1 = await cluster.StartWebAsync("web1");
        var web2 = await cluster.StartWebAsync("web2");
        await using var watcher = await web2.WatchAsync("binary");

        var clock = Stopwatch.StartNew();
        await web2.StopAsync(TimeSpan.FromSeconds(25));
        var stoppedIn = clock.Elapsed;
        var closed = await watcher.Closed.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"web2 stopped {stoppedIn.TotalMilliseconds:F0} ms after SIGTERM");

        Assert.True(closed is null, $"the hub connection ended with {closed}\n{cluster.Tails()}");
        Assert.True(web2.ExitCode == 0, $"web2 exited with {web2.ExitCode}\n{cluster.Tails()}");
        Assert.True(stoppedIn < TimeSpan.FromSeconds(20), $"web2 took {stoppedIn.TotalSeconds:F1} s to stop\n{cluster.Tails()}");

        await using var again = await web1.WatchAsync("binary");
        Assert.Equal(watcher.Initial.Rows.Count, again.Initial.Rows.Count);
    }
}

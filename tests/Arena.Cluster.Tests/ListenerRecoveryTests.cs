using Arena.Cluster.Tests.Cluster;
using Arena.Server.Tests.Hosting;

namespace Arena.Cluster.Tests;

public sealed partial class WebAndWorkerTests
{
    /// <summary>
    /// Test 5, its listener half: when web2's PostgreSQL change listener loses its connection, web2 reconnects and its
    /// watchers still receive the next update. (A notification sent while it is away is lost; the listener re-pushes
    /// every competition it knows after a reconnect, so the update arrives either way.) "tiny-limit" is this test's
    /// own competition.
    /// </summary>
    [Fact]
    public async Task Web2s_watchers_get_the_next_update_after_its_listen_backend_is_killed()
    {
        await using var onWeb2 = await nodes.Web2.WatchAsync("tiny-limit");
        var before = Participants(onWeb2.Initial);
        var ada = await nodes.Web1.SignUpAsync("listen-ada");
        await nodes.Web1.SubmitAsync(ada, "tiny-limit", TestBundles.BinarySubmission());
        Assert.True(await onWeb2.WaitForAsync(s => Participants(s) > before, TimeSpan.FromSeconds(30)) is not null,
            $"no first update on web2\n{nodes.Cluster.Tails()}");

        await nodes.Cluster.WaitForListenerAsync(nodes.Web2, TimeSpan.FromSeconds(10));
        var killed = await nodes.Cluster.TerminateListenersAsync(nodes.Web2);
        Assert.True(killed >= 1, $"web2 had no LISTEN backend to kill\n{nodes.Cluster.Tails()}");
        var grace = await nodes.Web1.SignUpAsync("listen-grace");
        var (_, acceptedAt) = await nodes.Web1.SubmitAsync(grace, "tiny-limit", TestBundles.BinarySubmission(swaps: 1));
        var push = await onWeb2.WaitForAsync(s => Participants(s) > before + 1, TimeSpan.FromSeconds(15));
        Assert.True(push is not null, $"web2's watcher got no update within 15 s of the upload after its listener was killed\n{nodes.Cluster.Tails()}");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"update on web2 {(push.Value.ReceivedAt - acceptedAt).TotalMilliseconds:F0} ms after the upload that followed the kill");

        await nodes.Cluster.WaitForListenerAsync(nodes.Web2, TimeSpan.FromSeconds(10));
    }
}

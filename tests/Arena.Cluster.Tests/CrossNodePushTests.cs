using Arena.Cluster.Tests.Cluster;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;

namespace Arena.Cluster.Tests;

/// <summary>
/// Issue 7, tests 1, 2 and the listener half of 5, on one shared cluster (web1, web2, worker1); each in its own file.
/// </summary>
[Collection(OneClusterAtATime.Name)]
public sealed partial class WebAndWorkerTests(WebAndWorkerCluster nodes) : IClassFixture<WebAndWorkerCluster>
{
    static readonly TimeSpan PushBound = TimeSpan.FromSeconds(2);

    /// <summary>Test 1: a score computed by a worker reaches the watchers of every web node.</summary>
    [Fact]
    public async Task Watchers_on_both_web_nodes_receive_the_new_snapshot_within_2_s_of_the_upload()
    {
        await using var onWeb1 = await nodes.Web1.WatchAsync("binary");
        await using var onWeb2 = await nodes.Web2.WatchAsync("binary");
        var before = Participants(onWeb1.Initial);

        // The first score pays for JIT and the solution's first parse on the worker, and for the first push on each
        // node; it is reported but the bound is about a running cluster.
        var first = await PushAsync("push-ada", onWeb1, onWeb2, before + 1);
        var second = await PushAsync("push-grace", onWeb1, onWeb2, before + 2);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"first upload (cold): {first}");
        output?.WriteLine($"second upload: {second}");
        Assert.True(second.Web1 <= PushBound && second.Web2 <= PushBound,
            $"the snapshot reached the watchers {second} after the upload, over {PushBound.TotalSeconds} s\n{nodes.Cluster.Tails()}");
    }

    async Task<Latencies> PushAsync(string user, Watcher onWeb1, Watcher onWeb2, int participants)
    {
        var token = await nodes.Web1.SignUpAsync(user);
        var (id, acceptedAt) = await nodes.Web1.SubmitAsync(token, "binary", TestBundles.BinarySubmission());
        var pushes = await Task.WhenAll(
            onWeb1.WaitForAsync(s => Participants(s) >= participants, TimeSpan.FromSeconds(30)),
            onWeb2.WaitForAsync(s => Participants(s) >= participants, TimeSpan.FromSeconds(30)));
        foreach (var (watcher, push) in new[] { onWeb1, onWeb2 }.Zip(pushes))
            Assert.True(push is not null, $"{watcher.Node}'s watcher got no snapshot with {user}'s score within 30 s\n{nodes.Cluster.Tails()}");
        var row = await nodes.Cluster.SubmissionAsync(id);
        return new Latencies(row.ScoringStartedAt!.Value - acceptedAt, row.ScoredAt!.Value - acceptedAt,
            pushes[0]!.Value.ReceivedAt - acceptedAt, pushes[1]!.Value.ReceivedAt - acceptedAt);
    }

    static int Participants(LeaderboardSnapshot snapshot) => snapshot.Rows.Count(r => r.Kind == LeaderboardKinds.Participant);

    sealed record Latencies(TimeSpan Claimed, TimeSpan Scored, TimeSpan Web1, TimeSpan Web2)
    {
        public override string ToString() =>
            $"claimed +{Claimed.TotalMilliseconds:F0} ms, scored +{Scored.TotalMilliseconds:F0} ms, on web1 +{Web1.TotalMilliseconds:F0} ms, on web2 +{Web2.TotalMilliseconds:F0} ms";
    }
}

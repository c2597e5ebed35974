using Arena.Server.Tests.Infrastructure;

namespace Arena.Cluster.Tests.Cluster;

/// <summary>
/// web1 and web2 (roles <c>web</c>) and worker1 (role <c>worker</c>), shared by the tests that only watch, upload and
/// kill LISTEN backends, so the suite starts these three servers once. Each of those tests uses its own competition
/// and its own users, and counts rows relative to what it found.
/// </summary>
public sealed class WebAndWorkerCluster(PostgresCluster postgres) : IAsyncLifetime
{
    LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");
    public Node Web1 { get; private set; } = null!;
    public Node Web2 { get; private set; } = null!;
    public Node Worker1 { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await LocalCluster.CreateAsync(postgres, TestContext.Current.CancellationToken);
        // web1 first: it imports the competitions.
        Web1 = await _cluster.StartWebAsync("web1");
        var started = await Task.WhenAll(_cluster.StartWebAsync("web2"), _cluster.StartWorkerAsync("worker1"));
        (Web2, Worker1) = (started[0], started[1]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

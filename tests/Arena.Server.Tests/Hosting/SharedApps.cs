using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Hosting;

/// <summary>
/// One server per provider, shared by the tests of a class: starting a host and migrating costs about a second, so
/// tests share it and keep out of each other's way with their own user names.
/// </summary>
public sealed class SharedApps(PostgresCluster cluster) : IAsyncDisposable
{
    readonly string _bundles = TestBundles.Create();
    readonly Dictionary<Provider, Task<ArenaApp>> _apps = [];
    readonly Lock _lock = new();

    public Task<ArenaApp> For(Provider provider)
    {
        lock (_lock)
        {
            if (!_apps.TryGetValue(provider, out var app)) _apps[provider] = app = ArenaApp.StartAsync(provider, cluster, _bundles);
            return app;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values) await (await app).DeleteDataAsync();
        Directory.Delete(_bundles, recursive: true);
    }
}

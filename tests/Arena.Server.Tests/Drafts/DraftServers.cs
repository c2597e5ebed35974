using System.Globalization;
using System.Net.Http.Json;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Drafts;

/// <summary>A server with its admin and an admin-named organizer.</summary>
public sealed record DraftServer(ArenaApp App, HttpClient Admin, HttpClient Organizer);

/// <summary>
/// One server per provider for the draft tests, started with no bundles and with a small cap on what an uploaded zip
/// may expand to, so that the zip-bomb refusal can be shown with a small file. Its first user is the admin.
/// </summary>
public sealed class DraftServers(PostgresCluster cluster) : IAsyncDisposable
{
    public const long ExtractedCap = 1 << 20;

    readonly string _bundles = Directory.CreateTempSubdirectory("arena-no-bundles-").FullName;
    readonly Dictionary<Provider, Task<DraftServer>> _servers = [];
    readonly Lock _lock = new();

    public Task<DraftServer> For(Provider provider)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(provider, out var server)) _servers[provider] = server = StartAsync(provider);
            return server;
        }
    }

    async Task<DraftServer> StartAsync(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles,
            settings: new Dictionary<string, string?> { ["Arena:MaxBundleExtractedBytes"] = ExtractedCap.ToString(CultureInfo.InvariantCulture) });
        var admin = await app.SignUpAsync("draft-admin");
        var organizer = await app.SignUpAsync("draft-organizer");
        var granted = await admin.PostAsJsonAsync("/api/admin/organizers", new { userName = "draft-organizer" }, TestContext.Current.CancellationToken);
        Assert.True(granted.IsSuccessStatusCode);
        return new DraftServer(app, admin, organizer);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values) await (await server).App.DeleteDataAsync();
        Directory.Delete(_bundles, recursive: true);
    }
}

using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Arena.Browser.Tests.Browser;

/// <summary>
/// An Arena server on a real port (Kestrel, SQLite) with the test bundles, shared by a test class. Tests keep out of
/// each other's way with their own user names. Pages opened through <see cref="OpenAsync"/> record every console
/// error, which is where Chromium reports Content-Security-Policy violations and script errors.
/// </summary>
public sealed class WebSite(PostgresCluster cluster, Chromium chromium) : IAsyncLifetime
{
    readonly string _bundles = TestBundles.Create();
    ArenaApp? _app;

    HttpClient? _admin;

    public ArenaApp App => _app ?? throw new InvalidOperationException("The server has not started.");
    public Uri Address => App.Address;

    /// <summary>The server's admin (user name "admin", registered first), for setting things up through the API.</summary>
    public HttpClient Admin => _admin ?? throw new InvalidOperationException("The server has not started.");

    public async ValueTask InitializeAsync()
    {
        _app = await ArenaApp.StartAsync(Provider.Sqlite, cluster, _bundles, realPort: true);
        _admin = await _app.SignUpAsync("admin");
    }

    /// <summary>A new browser (its own cookies) at phone or desktop width.</summary>
    public async Task<Visitor> OpenAsync(bool phone = false)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString().TrimEnd('/'),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        // CI runs every test assembly at once on two cores (load tests and clusters included), where a sign-up's
        // round trip has taken over 15 s; what never happens still fails, 30 s later.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new Visitor(this, context, page);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DeleteDataAsync();
        Directory.Delete(_bundles, recursive: true);
    }
}

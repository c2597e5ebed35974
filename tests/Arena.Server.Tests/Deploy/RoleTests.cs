using System.Diagnostics;
using System.Net;
using Arena.Server.Configuration;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Arena.Server.Tests.Deploy;

/// <summary>
/// <c>Arena:Roles</c>: a worker scores and answers only its health endpoints; a web node serves everything but runs no
/// Hangfire server; <c>all</c> does both.
/// </summary>
public sealed class RoleTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_worker_answers_its_health_endpoints_and_nothing_else(Provider provider)
    {
        var bundles = TestBundles.Create();
        var worker = await ArenaApp.StartAsync(provider, cluster, bundles, roles: "worker");
        try
        {
            var client = worker.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Cancellation)).StatusCode);
            var ready = await client.GetAsync("/health/ready", Cancellation);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Cancellation));
            foreach (var path in WebPaths.Append("/hangfire"))
                Assert.True((await client.GetAsync(path, Cancellation)).StatusCode == HttpStatusCode.NotFound, $"GET {path} on a worker");
            var negotiate = await client.PostAsync("/hubs/leaderboard/negotiate?negotiateVersion=1", null, Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, negotiate.StatusCode);
            var login = await client.PostAsync("/api/auth/login", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);

            Assert.True(RunsHangfireServer(worker), "the worker has no Hangfire server");
            await WaitForServersAsync(worker, 1);
        }
        finally
        {
            await worker.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_web_node_serves_the_api_without_a_Hangfire_server_and_all_runs_both(Provider provider)
    {
        var bundles = TestBundles.Create();
        var web = await ArenaApp.StartAsync(provider, cluster, bundles, roles: "web");
        var all = await ArenaApp.StartAsync(provider, cluster, bundles, roles: "all");
        try
        {
            foreach (var app in new[] { web, all })
            {
                var client = app.CreateClient();
                foreach (var path in WebPaths.Append("/health/ready"))
                    Assert.True((await client.GetAsync(path, Cancellation)).StatusCode == HttpStatusCode.OK, $"GET {path} on {app.Services.GetRequiredService<ArenaOptions>().Roles}");
            }

            Assert.False(RunsHangfireServer(web), "the web node has a Hangfire server");
            Assert.True(RunsHangfireServer(all), "the all node has no Hangfire server");
            // Each node has its own job storage (a fresh database, or in-memory), so its server list is its own.
            await WaitForServersAsync(all, 1);
            Assert.Empty(web.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers());
        }
        finally
        {
            await web.DeleteDataAsync();
            await all.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    [Fact]
    public void A_misspelt_role_stops_the_start()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Arena:Roles"] = "workers";

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddArenaConfiguration());
        Assert.Contains("Arena:Roles is 'workers'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The API, the pages and the static files: a web node serves each (anonymously), a worker none.</summary>
    static readonly string[] WebPaths = ["/api/competitions", "/api/competitions/binary/leaderboard", "/", "/lib/signalr/signalr.min.js"];

    static bool RunsHangfireServer(ArenaApp app) => app.Services.GetServices<IHostedService>().OfType<BackgroundJobServerHostedService>().Any();

    /// <summary>The server announces itself right after the host starts; a few seconds on a busy machine.</summary>
    static async Task WaitForServersAsync(ArenaApp app, int count)
    {
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var watch = Stopwatch.StartNew();
        while (monitor.Servers().Count != count)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"{monitor.Servers().Count} Hangfire server(s) after 30 s, not {count}");
            await Task.Delay(50, Cancellation);
        }
    }
}

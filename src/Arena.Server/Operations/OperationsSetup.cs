using Arena.Data;
using Arena.Server.Bundles;
using Arena.Server.Configuration;
using Arena.Server.Scoring;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Arena.Server.Operations;

public static class OperationsSetup
{
    public static void AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        // Before the bare 500: a database that is away for a moment answers 503 with Retry-After.
        builder.Services.AddExceptionHandler<DatabaseUnavailable>();
        // A value that does not bind (a route id that is not a number, unreadable JSON) is the caller's mistake: a 400
        // with problem details in every environment, never an exception that Development would turn into a 500.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddHealthChecks().AddDbContextCheck<ArenaDb>("database", tags: ["ready"]);
        // The whole stop: Kestrel drains requests while SignalR closes its connections (clients reconnect, through
        // the balancer, to another node), and a worker waits up to JobShutdownTimeout for its cancelled jobs. Longer
        // than that wait, shorter than the 30 s the compose file gives before it kills the container.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ScoringSetup.JobShutdownTimeout + TimeSpan.FromSeconds(5));
    }

    /// <summary>Every error answer is RFC 9457 problem details; an unexpected exception is a bare 500 that reveals nothing.</summary>
    public static void UseOperations(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }

    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
    }

    /// <summary>Migrates (when configured) and imports the bundles before the server takes requests.</summary>
    public static async Task PrepareAsync(this WebApplication app, ArenaOptions options)
    {
        if (options.ShouldMigrateOnStart) await app.MigrateDatabaseAsync();
        if (options.ImportCompetitions && options.RunsWeb)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var folder = Path.GetFullPath(options.CompetitionsDirectory);
            await scope.ServiceProvider.GetRequiredService<BundleImporter>().ImportAllAsync(folder, app.Lifetime.ApplicationStopping);
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses) app.Logger.LogInformation("Arena is running at {Address} ({Roles}, {Database})", address, options.Roles, options.Database);
        });
    }
}

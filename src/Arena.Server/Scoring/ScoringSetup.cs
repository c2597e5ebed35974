using Arena.Server.Accounts;
using Arena.Server.Configuration;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Arena.Server.Scoring;

public static class ScoringSetup
{
    public static void AddScoring(this WebApplicationBuilder builder, ArenaOptions options)
    {
        builder.Services.AddSingleton<SolutionCache>();
        builder.Services.AddScoped<ScoringQueue>();
        builder.Services.AddScoped<ScoreSubmissionJob>();
        builder.Services.AddSingleton<ClaimRenewal>();
        builder.Services.AddScoped<References.TrainBaselineJob>();
        builder.Services.AddScoped<Submissions.UploadReader>();
        builder.Services.AddSingleton<Submissions.QuotaRefunds>();

        // Each host gets its own storage instance: Hangfire's static JobStorage.Current would be shared by every
        // host in one process (the test suite runs several).
        builder.Services.AddSingleton<JobStorage>(_ => options.Database == DatabaseKind.Postgres
            ? new PostgreSqlStorage(new NpgsqlConnectionFactory(builder.Configuration.GetConnectionString("Postgres")!, PostgresOptions()), PostgresOptions())
            : new InMemoryStorage(new InMemoryStorageOptions()));
        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new TolerantLogProvider(services.GetRequiredService<ILoggerFactory>())));
        if (options.RunsWorker)
        {
            builder.Services.AddHangfireServer((services, server) =>
            {
                // Hangfire:Server may set HeartbeatInterval, ServerTimeout and ServerCheckInterval (for example
                // Hangfire__Server__ServerTimeout=00:01:00). With Hangfire's defaults (30 s, 5 min, 5 min) a killed
                // worker stays in the server list, and on the dashboard, for up to ten minutes.
                builder.Configuration.GetSection("Hangfire:Server").Bind(server);
                server.WorkerCount = options.WorkerCount;
                // This host's container, not Hangfire's process-wide JobActivator.Current (another host's in the tests).
                server.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>());
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                // On stop Hangfire cancels the jobs' tokens at once and puts an interrupted job back at the head of
                // its queue. A scoring that is past its reading finishes (the scorer cannot stop midway: 10M
                // rows take up to about 5 s, more with several at once on two cores), so this is how long the stop
                // waits for that. HostOptions.ShutdownTimeout (OperationsSetup) and the compose stop_grace_period
                // are longer still, so nothing is killed while it waits.
                server.ShutdownTimeout = JobShutdownTimeout;
            });
            builder.Services.AddHostedService<ScoringSweep>();
        }
    }

    /// <summary>
    /// Hangfire.PostgreSql polls every 15 s by default. Long polling (LISTEN/NOTIFY) starts a job on any node within
    /// milliseconds, with polling kept as a fallback; a sliding invisibility timeout lets a killed worker's job
    /// return to the queue quickly without a long job being picked up twice. The schema is installed by the migration
    /// step (see MigrateDatabaseAsync), not by every node.
    /// The fallback poll is 2 s rather than 5 s: when a worker's LISTEN connection drops (a failover, a network blip),
    /// Hangfire.PostgreSql 1.21.1 restarts its listener only after a retry delay and a NOTIFY sent meanwhile is lost,
    /// so the poll is what bounds pickup then (measured 4.4 s with 5 s; the target is 3 s). The cost is one cheap
    /// indexed query per idle worker thread every 2 s.
    /// The lock timeout is 15 s rather than 10 minutes: Hangfire.PostgreSql's locks are rows, and a row whose holder
    /// lost its connection before deleting it (the database restarted, the worker was killed) stands until it is that
    /// old. A job's state lock left so stops every worker thread that fetches the job (Hangfire waits up to 15 minutes
    /// for it), and two such jobs stopped a two-thread worker for minutes after a 3 s outage (the dbdown scenario).
    /// Every lock here is held for milliseconds to a few seconds; one taken over after 15 s costs at most a duplicate
    /// job run, which the scoring claim makes harmless.
    /// </summary>
    static PostgreSqlStorageOptions PostgresOptions() => new()
    {
        EnableLongPolling = true,
        QueuePollInterval = TimeSpan.FromSeconds(2),
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(5),
        DistributedLockTimeout = LockTimeout,
        PrepareSchemaIfNecessary = false,
    };

    /// <summary>How old a Hangfire lock row must be before another node may take it over (see PostgresOptions).</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a stopping worker waits for its cancelled jobs to return (see AddScoring).</summary>
    public static readonly TimeSpan JobShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Hangfire's global configuration (this host's log provider included) before anything of Hangfire's is built; every role.</summary>
    public static void UseScoring(this WebApplication app) => _ = app.Services.GetRequiredService<IGlobalConfiguration>();

    /// <summary>Web nodes only; it sits behind authentication, which the admin check reads.</summary>
    public static void MapScoringDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AdminOnly()], AppPath = "/" }, app.Services.GetRequiredService<JobStorage>());
    }

    sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(AccountsSetup.AdminRole);
    }
}

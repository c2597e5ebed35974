using System.Globalization;
using Arena.Server.Configuration;
using Npgsql;

namespace Arena.Server.Leaderboards;

/// <summary>
/// PostgreSQL mode: a worker may be another process on another machine, so it announces changes with pg_notify,
/// carrying only ids (payloads must stay under 8000 bytes), and every web node relays them to its own connections.
/// </summary>
public sealed class PostgresChangeNotifier(NpgsqlDataSource dataSource) : IChangeNotifier
{
    public const string Channel = "arena_changes";

    public Task LeaderboardChangedAsync(int competitionId, CancellationToken cancellation) =>
        NotifyAsync("leaderboard:" + competitionId.ToString(CultureInfo.InvariantCulture), cancellation);

    public Task SubmissionChangedAsync(Guid submissionId, Guid userId, string competition, CancellationToken cancellation) =>
        NotifyAsync("submission:" + submissionId.ToString("N"), cancellation);

    public Task RescoreProgressAsync(int runId, int competitionId, CancellationToken cancellation) =>
        NotifyAsync("rescore:" + runId.ToString(CultureInfo.InvariantCulture), cancellation);

    async Task NotifyAsync(string payload, CancellationToken cancellation)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync(cancellation);
    }
}

/// <summary>
/// Listens on a dedicated connection (with keepalive) and relays notifications to this node's broadcaster. After a
/// reconnect it pushes every competition it knows again, since notifications sent while it was away are lost.
/// </summary>
public sealed class PostgresChangeListener(NpgsqlDataSource dataSource, LeaderboardBroadcaster broadcaster, SubmissionPusher submissions,
    RescoreProgressPusher rescores, ILogger<PostgresChangeListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconnect = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Relay(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresChangeNotifier.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                if (reconnect) foreach (var id in broadcaster.KnownCompetitions) broadcaster.MarkChanged(id);
                reconnect = true;
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Lost the PostgreSQL change listener; reconnecting in 1 s");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    void Relay(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return;
        var (kind, id) = (payload[..colon], payload[(colon + 1)..]);
        if (kind == "leaderboard" && int.TryParse(id, CultureInfo.InvariantCulture, out var competitionId)) broadcaster.MarkChanged(competitionId);
        else if (kind == "submission" && Guid.TryParse(id, out var submissionId)) _ = submissions.PushAsync(submissionId, CancellationToken.None);
        else if (kind == "rescore" && int.TryParse(id, CultureInfo.InvariantCulture, out var runId)) _ = rescores.PushAsync(runId, CancellationToken.None);
    }
}

public static class LeaderboardsSetup
{
    public static void AddLeaderboards(this WebApplicationBuilder builder, ArenaOptions options)
    {
        builder.Services.AddSignalR();
        builder.Services.AddScoped<LeaderboardBuilder>();
        builder.Services.AddScoped<HumanComparisons>();
        builder.Services.AddSingleton<HumanComparisonCache>();
        builder.Services.AddSingleton<HumanStudyPushes>();
        builder.Services.AddSingleton<LeaderboardBroadcaster>();
        builder.Services.AddSingleton<GroupWatchers>();
        builder.Services.AddSingleton<HubShutdown>();
        builder.Services.AddSingleton<SubmissionPusher>();
        builder.Services.AddSingleton<RescoreProgressPusher>();
        if (options.Database == DatabaseKind.Postgres)
        {
            var connection = builder.Configuration.GetConnectionString("Postgres")!;
            // Keepalive so a half-open connection is noticed and the listener reconnects.
            builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connection) { ConnectionStringBuilder = { KeepAlive = 30 } }.Build());
            builder.Services.AddSingleton<IChangeNotifier, PostgresChangeNotifier>();
            if (options.RunsWeb) builder.Services.AddHostedService<PostgresChangeListener>();
        }
        else
        {
            builder.Services.AddSingleton<IChangeNotifier, InProcessChangeNotifier>();
        }
    }
}

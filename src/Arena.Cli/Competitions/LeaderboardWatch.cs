using Arena.Cli.Output;
using Arena.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Cli.Competitions;

/// <summary>
/// <c>arena c leaderboard SLUG --watch</c>: the live leaderboard in the terminal, pushed over SignalR through the
/// shared hub interface. A terminal gets the table redrawn in place; piped output gets one table per update. Rank
/// changes since the previous score are marked, reference rows stay in place, and a dropped connection is retried
/// forever, watching again once it is back. Ctrl+C stops.
/// </summary>
public static class LeaderboardWatch
{
    public static async Task<int> RunAsync(CliContext context, string slug, CancellationToken cancellation)
    {
        var settings = context.Settings;
        if (settings.Url is null) throw new CliException($"no server configured: run 'arena login --url URL' or set {Config.Settings.UrlVariable}");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(settings.Url, ILeaderboardHub.Path.TrimStart('/')), options =>
            {
                if (settings.Token is { } token) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                // An injected handler (the tests' in-process server) carries HTTP only, so long polling is the transport.
                if (context.Host.Handler is { } handler)
                {
                    options.HttpMessageHandlerFactory = _ => handler();
                    options.Transports = HttpTransportType.LongPolling;
                }
            })
            .WithAutomaticReconnect(new RetryForever())
            .Build();
        var render = new Lock();
        void Show(LeaderboardSnapshot snapshot)
        {
            lock (render) Render(context, snapshot);
        }
        connection.On<LeaderboardSnapshot>(nameof(ILeaderboardClient.LeaderboardUpdated), Show);
        connection.Reconnecting += _ =>
        {
            context.Error.WriteLine("arena: connection lost; reconnecting…");
            return Task.CompletedTask;
        };
        connection.Reconnected += async _ => Show(await connection.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), slug, cancellation));

        try
        {
            await connection.StartAsync(cancellation);
            Show(await connection.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), slug, cancellation));
        }
        catch (HubException)
        {
            throw new CliException($"no competition '{slug}' (or it is not visible to you)");
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {settings.Url}: {e.Message}", inner: e);
        }
        // A server node that stops (an upgrade, a restart) closes its connections cleanly, which tells the automatic
        // reconnect not to run: start again here, through the balancer to a node that is up. Registered only once
        // watching, so the disposal after a failed first start is not taken for a server's close.
        connection.Closed += async _ =>
        {
            if (cancellation.IsCancellationRequested) return;
            context.Error.WriteLine("arena: the server closed the connection; connecting again…");
            for (var attempt = 0; !cancellation.IsCancellationRequested; attempt++)
            {
                try
                {
                    await Task.Delay(RetryForever.Delay(attempt), cancellation);
                    await connection.StartAsync(cancellation);
                    Show(await connection.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), slug, cancellation));
                    return;
                }
                catch (Exception) when (!cancellation.IsCancellationRequested)
                {
                    // The server is still away (or the competition went): wait longer and try again.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        };
        context.Error.WriteLine($"Watching {slug} live; press Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        return CommandLine.Ok;
    }

    static void Render(CliContext context, LeaderboardSnapshot snapshot)
    {
        // Clear the screen and home the cursor, so the table stays in one place.
        if (context.Host.OutputIsTerminal) context.Output.Write("\u001b[2J\u001b[H");
        context.Output.WriteLine($"{snapshot.Competition} ({snapshot.View}), version {snapshot.Version}, {snapshot.GeneratedAt:yyyy-MM-dd HH:mm:ss}Z");
        TableOutput.Write(context, ["rank", "move", "displayName", "score", "kind", "submissionCount"],
            snapshot.Rows.Select(r => new object?[] { r.Rank, Move(r), new UntrustedText(r.DisplayName), r.Score, r.Kind, r.SubmissionCount }), csv: false);
        context.Output.Flush();
    }

    /// <summary>Places gained (▲) or lost (▼) with the latest score; "new" for a first entry; nothing for reference rows.</summary>
    static string Move(LeaderboardRow row) => row.Kind != LeaderboardKinds.Participant ? ""
        : row.Delta switch { null => "new", > 0 and var up => $"▲{up}", < 0 and var down => $"▼{-down}", _ => "" };

    sealed class RetryForever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);

        /// <summary>1, 2, 4 … 30 s: the first try after a close waits a second, so a stopping node's watchers do not all return at once.</summary>
        public static TimeSpan Delay(long previousAttempts) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(previousAttempts, 5))));
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Arena.Server.Leaderboards;

/// <summary>
/// Closes this node's hub connections cleanly when it stops. SignalR's own shutdown drops every transport without the
/// close handshake, so a browser or a .NET client sees a failed connection, not a closed one. Aborting each
/// connection from the hub side first makes SignalR send its close message and end the WebSocket properly; the
/// clients then reconnect (through the balancer, to another node) as after any close.
/// </summary>
public sealed class HubShutdown
{
    static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(3);

    readonly ConcurrentDictionary<string, HubCallerContext> _open = new();
    readonly ILogger<HubShutdown> _log;

    public HubShutdown(IHostApplicationLifetime lifetime, ILogger<HubShutdown> log)
    {
        _log = log;
        // Only the hub asks for this singleton, so it is built at the first connection, after SignalR registered its
        // own shutdown (when the hub was mapped): stopping callbacks run last-registered first, so this one runs
        // before SignalR drops the transports.
        lifetime.ApplicationStopping.Register(CloseAll);
    }

    public void Opened(HubCallerContext context) => _open[context.ConnectionId] = context;

    public void Closed(string connectionId) => _open.TryRemove(connectionId, out _);

    void CloseAll()
    {
        var count = _open.Count;
        if (count == 0) return;
        foreach (var context in _open.Values) context.Abort();
        // The callback must not return before the close messages are out; the wait is bounded, so a stuck client
        // cannot hold the stop.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_open.IsEmpty && waited.Elapsed < CloseWait) Thread.Sleep(20);
        _log.LogInformation("Stopping: closed {Closed} of {Count} hub connections in {Milliseconds} ms", count - _open.Count, count, waited.ElapsedMilliseconds);
    }
}

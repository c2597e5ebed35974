using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Arena.Server.Leaderboards;

/// <summary>
/// Closes this node's hub connections cleanly when it stops. SignalR's own shutdown drops every transport without the
/// close handshake, so a browser or a .NET client sees a failed connection, not a closed one. Aborting each
/// connection from the hub side first makes SignalR send its close message and end the WebSocket properly; the
/// clients then reconnect (through the balancer, to another node) as after any close.
/// </summary>
public sealed class HubShutdown(IHostApplicationLifetime lifetime, ILogger<HubShutdown> log)
{
    static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(3);

    readonly ConcurrentDictionary<string, HubCallerContext> _open = new();
    readonly Lock _registering = new();
    bool _registered;

    public void Opened(HubCallerContext context)
    {
        _open[context.ConnectionId] = context;
        // Registered at the first connection, which is after SignalR registered its own shutdown (when the hub was
        // mapped): stopping callbacks run last-registered first, so this one runs before SignalR drops the transports.
        lock (_registering)
        {
            if (_registered) return;
            lifetime.ApplicationStopping.Register(CloseAll);
            _registered = true;
        }
    }

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
        log.LogInformation("Stopping: closed {Closed} of {Count} hub connections in {Milliseconds} ms", count - _open.Count, count, waited.ElapsedMilliseconds);
    }
}

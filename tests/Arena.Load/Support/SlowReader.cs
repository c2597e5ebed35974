using System.Net.WebSockets;
using System.Text;
using Arena.Contracts;

namespace Arena.Load.Support;

/// <summary>
/// A watcher that stops reading (aspnetcore #33582, #43093): a raw WebSocket that connects to the hub, sends the
/// SignalR JSON handshake and a <c>Watch</c> invocation, and then never reads again, so the pushes pile up in the
/// kernel's buffers and then in the server's.
/// </summary>
public sealed class SlowReader : IAsyncDisposable
{
    readonly ClientWebSocket _socket = new();

    public static async Task<SlowReader> ConnectAsync(Uri server, string competition, CancellationToken cancellation)
    {
        var reader = new SlowReader();
        var uri = new UriBuilder(new Uri(server, ILeaderboardHub.Path)) { Scheme = server.Scheme == "https" ? "wss" : "ws" }.Uri;
        await reader._socket.ConnectAsync(uri, cancellation);
        const char separator = '\u001e';
        var hello = $"{{\"protocol\":\"json\",\"version\":1}}{separator}{{\"type\":1,\"invocationId\":\"1\",\"target\":\"{nameof(ILeaderboardHub.Watch)}\",\"arguments\":[\"{competition}\"]}}{separator}";
        await reader._socket.SendAsync(Encoding.UTF8.GetBytes(hello), WebSocketMessageType.Text, endOfMessage: true, cancellation);
        return reader;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await Task.CompletedTask;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Arena.Load.Hostile;

/// <summary>What came back on a raw connection: the status (null when the server closed without one) and when.</summary>
public sealed record RawAnswer(int? Status, string Head, TimeSpan Elapsed, long BodyBytesSent);

/// <summary>
/// Requests written byte by byte on a socket, for what HttpClient will not send: a Content-Length it never honours,
/// a body that stops, headers or a body that trickle in slowly.
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// Writes <paramref name="head"/>, then <paramref name="body"/>, then (when given) one byte of
    /// <paramref name="trickle"/> every <paramref name="every"/> until the server answers or closes; returns the
    /// answer's status line and how long after the head it came.
    /// </summary>
    public static async Task<RawAnswer> SendAsync(Uri address, string head, byte[]? body, TimeSpan timeout, CancellationToken cancellation,
        byte[]? trickle = null, TimeSpan? every = null, bool closeSending = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, cancellation);
        var stream = client.GetStream();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stop.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
        if (body is not null)
        {
            await stream.WriteAsync(body, stop.Token);
            sent += body.Length;
        }
        // A body that ends early: the client says it will send nothing more, while still waiting for an answer.
        if (closeSending) client.Client.Shutdown(SocketShutdown.Send);
        var reading = ReadHeadAsync(stream, stop.Token);
        if (trickle is not null)
        {
            foreach (var one in trickle)
            {
                if (await Task.WhenAny(reading, Task.Delay(every ?? TimeSpan.FromSeconds(1), stop.Token)) == reading) break;
                try
                {
                    await stream.WriteAsync(new[] { one }, stop.Token);
                    sent++;
                }
                catch (IOException)
                {
                    break; // the server closed the connection: the read below sees it too
                }
            }
        }
        string text;
        try
        {
            text = await reading;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            text = "";
        }
        var elapsed = clock.Elapsed;
        var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && text.Length >= 12
            ? int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture) : (int?)null;
        return new RawAnswer(status, text.Split("\r\n")[0], elapsed, sent);
    }

    /// <summary>Reads up to the end of the response's headers, or until the server closes; "" when it closed first.</summary>
    static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellation);
            }
            catch (IOException)
            {
                return received.ToString(); // reset by the server
            }
            if (read == 0) return received.ToString();
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            if (received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal)) return received.ToString();
        }
    }

    /// <summary>A request head; <paramref name="headers"/> are lines without their CRLF.</summary>
    public static string Head(string method, string path, Uri address, IEnumerable<string> headers, bool end = true) =>
        $"{method} {path} HTTP/1.1\r\nHost: {address.Host}:{address.Port.ToString(CultureInfo.InvariantCulture)}\r\n"
        + string.Concat(headers.Select(h => h + "\r\n")) + (end ? "\r\n" : "");
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Arena.Load.Support;

/// <summary>What one upload got back, and how long it took.</summary>
public sealed record UploadOutcome(int Status, TimeSpan Elapsed, Guid? Id, string? RetryAfter, string Body, DateTimeOffset AnsweredAt)
{
    /// <summary>No answer within the client's timeout: a hang, as the issue calls it.</summary>
    public bool TimedOut => Status == 0 && Body.StartsWith("timeout", StringComparison.Ordinal);
    public bool Accepted => Status == (int)HttpStatusCode.Accepted;
}

/// <summary>Uploads over a shared client, timing each request and never throwing for an answer or a timeout.</summary>
public sealed class Uploads(Uri server, TimeSpan timeout) : IDisposable
{
    readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };

    public async Task<UploadOutcome> SubmitAsync(string token, string slug, byte[] file, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/competitions/{slug}/submissions")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "submission.csv" } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _client.SendAsync(request, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            var elapsed = clock.Elapsed;
            Guid? id = null;
            if (response.StatusCode == HttpStatusCode.Accepted && JsonNode.Parse(body)?["id"]?.GetValue<string>() is { } text) id = Guid.Parse(text);
            return new UploadOutcome((int)response.StatusCode, elapsed, id, response.Headers.RetryAfter?.ToString(), body, TimeProvider.System.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new UploadOutcome(0, clock.Elapsed, null, null, $"timeout after {timeout.TotalSeconds:F0} s", TimeProvider.System.GetUtcNow());
        }
        catch (HttpRequestException e)
        {
            return new UploadOutcome(0, clock.Elapsed, null, null, $"connection: {e.Message}", TimeProvider.System.GetUtcNow());
        }
    }

    /// <summary>The public leaderboard's participant rows as the API serves them: display name to score.</summary>
    public async Task<Dictionary<string, double>> LeaderboardAsync(string slug, CancellationToken cancellation)
    {
        var board = await _client.GetFromJsonAsync<Arena.Contracts.LeaderboardSnapshot>($"/api/competitions/{slug}/leaderboard", cancellation);
        return board!.Rows.Where(r => r.Kind == Arena.Contracts.LeaderboardKinds.Participant && r.Score is not null)
            .ToDictionary(r => r.DisplayName, r => r.Score!.Value);
    }

    /// <summary>The public leaderboard's version now.</summary>
    public async Task<long> LeaderboardVersionAsync(string slug, CancellationToken cancellation) =>
        (await _client.GetFromJsonAsync<Arena.Contracts.LeaderboardSnapshot>($"/api/competitions/{slug}/leaderboard", cancellation))!.Version;

    /// <summary>The status code of /health/ready, or 0 when no answer came within the timeout.</summary>
    public async Task<int> ReadyAsync(CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await _client.GetAsync("/health/ready", limit.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return 0;
        }
    }

    public void Dispose() => _client.Dispose();
}

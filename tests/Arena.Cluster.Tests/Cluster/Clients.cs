using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Arena.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Cluster.Tests.Cluster;

/// <summary>What the tests do as users over real HTTP: register, sign in, upload, watch a leaderboard.</summary>
public static class Clients
{
    public const string Password = "correct horse battery";

    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static HttpClient Http(this Node node, string? token = null)
    {
        var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Registers a user on the node and returns the bearer token that node issues at login.</summary>
    public static async Task<string> SignUpAsync(this Node node, string userName)
    {
        using var client = node.Http();
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { userName, email = $"{userName}@example.org", password = Password }, Cancellation);
        Assert.True(registered.IsSuccessStatusCode, $"register on {node.Name}: {await registered.Content.ReadAsStringAsync(Cancellation)}");
        return await node.LogInAsync(userName);
    }

    public static async Task<string> LogInAsync(this Node node, string userName)
    {
        using var client = node.Http();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = Password }, Cancellation);
        Assert.True(login.IsSuccessStatusCode, $"login on {node.Name}: {await login.Content.ReadAsStringAsync(Cancellation)}");
        var body = await login.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        return body!["accessToken"]!.GetValue<string>();
    }

    /// <summary>Uploads a CSV; returns the submission's id and when the 202 arrived.</summary>
    public static async Task<(Guid Id, DateTime AcceptedAt)> SubmitAsync(this Node node, string token, string slug, string csv)
    {
        using var client = node.Http(token);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "submission.csv" } };
        var response = await client.PostAsync($"/api/competitions/{slug}/submissions", form, Cancellation);
        var acceptedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"upload to {node.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        return (Guid.Parse(body!["id"]!.GetValue<string>()), acceptedAt);
    }

    /// <summary>A SignalR client on the node's hub over a real socket, watching one competition.</summary>
    public static async Task<Watcher> WatchAsync(this Node node, string slug)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(node.Address, ILeaderboardHub.Path)).Build();
        var watcher = new Watcher(node.Name, connection);
        await connection.StartAsync(Cancellation);
        watcher.Initial = await connection.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), slug, Cancellation);
        return watcher;
    }

    /// <summary>A submission's row as the workers left it.</summary>
    public static async Task<SubmissionRow> SubmissionAsync(this LocalCluster cluster, Guid id)
    {
        await using var command = cluster.Database.CreateCommand(
            """SELECT "Status", "ScoringStartedAt", "ScoringAttempts", "ScoredAt" FROM "Submissions" WHERE "Id" = @id""");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        Assert.True(await reader.ReadAsync(Cancellation), $"no submission {id}");
        return new SubmissionRow(id, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1), reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetDateTime(3));
    }

    /// <summary>Polls the database until the submission has been claimed by a worker (or scored), within the timeout.</summary>
    public static async Task<SubmissionRow> WaitUntilStartedAsync(this LocalCluster cluster, Guid id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var row = await cluster.SubmissionAsync(id);
            if (row.ScoringStartedAt is not null) return row;
            Assert.True(clock.Elapsed < timeout, $"submission {id} was still {row.Status} after {timeout.TotalSeconds:F0} s\n{cluster.Tails()}");
            await Task.Delay(20, Cancellation);
        }
    }
}

public sealed record SubmissionRow(Guid Id, string Status, DateTime? ScoringStartedAt, int ScoringAttempts, DateTime? ScoredAt);

/// <summary>One hub connection's received snapshots, in order.</summary>
public sealed class Watcher : IAsyncDisposable
{
    readonly HubConnection _connection;
    readonly Channel<(LeaderboardSnapshot Snapshot, DateTime ReceivedAt)> _received = Channel.CreateUnbounded<(LeaderboardSnapshot, DateTime)>();

    public Watcher(string node, HubConnection connection)
    {
        Node = node;
        _connection = connection;
        connection.On<LeaderboardSnapshot>(nameof(ILeaderboardClient.LeaderboardUpdated),
            snapshot => _received.Writer.TryWrite((snapshot, TimeProvider.System.GetUtcNow().UtcDateTime)));
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the connection closes: with null when the server closed it cleanly, else the error.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public string Node { get; }

    /// <summary>What <c>Watch</c> returned.</summary>
    public LeaderboardSnapshot Initial { get; set; } = null!;

    /// <summary>Waits for a pushed snapshot that matches; returns it and when it arrived, or null when the time runs out.</summary>
    public async Task<(LeaderboardSnapshot Snapshot, DateTime ReceivedAt)?> WaitForAsync(Func<LeaderboardSnapshot, bool> match, TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var received = await _received.Reader.ReadAsync(limit.Token);
                if (match(received.Snapshot)) return received;
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

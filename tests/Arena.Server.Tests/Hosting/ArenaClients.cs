using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arena.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Server.Tests.Hosting;

/// <summary>What tests do as users: register, sign in, upload, wait for a score, watch a leaderboard.</summary>
public static class ArenaClients
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Registers a user and returns a client that sends their bearer token.</summary>
    public static async Task<HttpClient> SignUpAsync(this ArenaApp app, string userName, string password = "correct horse battery")
    {
        var anonymous = app.CreateClient();
        var registered = await anonymous.PostAsJsonAsync("/api/auth/register", new { userName, email = $"{userName}@example.org", password }, Cancellation);
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync(Cancellation));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(userName, password));
        return client;
    }

    public static async Task<string> TokenAsync(this ArenaApp app, string userName, string password = "correct horse battery")
    {
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName, password }, Cancellation);
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync(Cancellation));
        var body = await login.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        return body!["accessToken"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string slug, string csv, string fileName = "submission.csv", string? description = null) =>
        client.PostAsync($"/api/competitions/{slug}/submissions", Form(csv, fileName, description), Cancellation);

    public static Task<HttpResponseMessage> ValidateAsync(this HttpClient client, string slug, string csv) =>
        client.PostAsync($"/api/competitions/{slug}/submissions/validate", Form(csv, "submission.csv", null), Cancellation);

    public static MultipartFormDataContent Form(string csv, string fileName, string? description)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", fileName } };
        if (description is not null) form.Add(new StringContent(description), "description");
        return form;
    }

    /// <summary>Submits and returns the new submission's id, asserting 202.</summary>
    public static async Task<Guid> SubmitAcceptedAsync(this HttpClient client, string slug, string csv)
    {
        var response = await client.SubmitAsync(slug, csv);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancellation));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        return Guid.Parse(body!["id"]!.GetValue<string>());
    }

    /// <summary>Polls until the submission is scored or failed.</summary>
    public static async Task<JsonObject> WaitForResultAsync(this HttpClient client, Guid id, TimeSpan? timeout = null)
    {
        // Generous: on a loaded 2-core CI machine a test process runs many hosts and ML.NET trainings at once.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var body = await client.GetFromJsonAsync<JsonObject>($"/api/submissions/{id}", Cancellation);
            var status = body!["status"]!.GetValue<string>();
            if (status is "scored" or "failed") return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"submission {id} is still {status}");
            await Task.Delay(50, Cancellation);
        }
    }

    /// <summary>A SignalR connection over the test server; pass a token to connect as a user.</summary>
    public static async Task<HubConnection> ConnectHubAsync(this ArenaApp app, string? token = null)
    {
        var server = app.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, ILeaderboardHub.Path), options =>
            {
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                // A custom WebSocket factory must send the token itself; the client adds it only in its own factory.
                options.WebSocketFactory = async (context, cancellation) =>
                {
                    var client = server.CreateWebSocketClient();
                    if (token is not null) client.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
                    return await client.ConnectAsync(context.Uri, cancellation);
                };
                if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync(Cancellation);
        return connection;
    }

    /// <summary>
    /// A connection that sends its token the way a browser's WebSocket must: only as the <c>access_token</c> query
    /// parameter, with no header at all (WebSockets only, negotiation skipped, as the JavaScript client allows).
    /// </summary>
    public static async Task<HubConnection> ConnectHubWithQueryTokenAsync(this ArenaApp app, string token)
    {
        var server = app.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, ILeaderboardHub.Path), HttpTransportType.WebSockets, options =>
            {
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellation) =>
                {
                    var uri = new UriBuilder(context.Uri);
                    var query = uri.Query.TrimStart('?');
                    uri.Query = (query.Length > 0 ? query + "&" : "") + "access_token=" + Uri.EscapeDataString(token);
                    return await server.CreateWebSocketClient().ConnectAsync(uri.Uri, cancellation);
                };
            })
            .Build();
        await connection.StartAsync(Cancellation);
        return connection;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

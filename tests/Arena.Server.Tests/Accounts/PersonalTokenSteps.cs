using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;

namespace Arena.Server.Tests.Accounts;

/// <summary>What tests do with personal tokens: make one, call the API with it, check that it leaked nowhere.</summary>
public static class PersonalTokenSteps
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Makes a token, asserting 201, and returns the whole answer (its secret is <c>token</c>).</summary>
    public static async Task<JsonObject> CreateTokenAsync(this HttpClient signedIn, string name, DateTimeOffset? expiresAt = null)
    {
        var response = await signedIn.PostAsJsonAsync("/api/tokens", new { name, expiresAt }, Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
    }

    public static string Secret(this JsonObject created) => created["token"]!.GetValue<string>();

    public static int Id(this JsonObject created) => created["id"]!.GetValue<int>();

    /// <summary>A client that sends the token as a script would, in the Authorization header.</summary>
    public static HttpClient WithToken(this ArenaApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonArray> ListTokensAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<JsonArray>("/api/tokens", Cancellation))!;

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Neither the secret, nor its random part, nor its hash appears in any captured log line.</summary>
    public static void AssertNeverLogged(this ArenaApp app, string secret)
    {
        var random = secret["arena_".Length..];
        var hash = HashOf(secret);
        Assert.NotEmpty(app.Logs);
        foreach (var line in app.Logs)
        {
            Assert.DoesNotContain(random, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(random), line, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, line, StringComparison.OrdinalIgnoreCase);
        }
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arena.Cli.Client;

/// <summary>
/// The one way commands talk to the server: relative API paths, the bearer token when there is one, and every
/// failure (unreachable server, refusal, problem details) turned into a one-line <see cref="CliException"/>.
/// </summary>
public sealed class ArenaClient : IDisposable
{
    /// <summary>How long an ordinary request may take; uploads and downloads have no limit.</summary>
    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly HttpClient _http;

    public ArenaClient(Uri baseUrl, string? token, HttpMessageHandler? handler)
    {
        BaseUrl = baseUrl;
        HasToken = token is not null;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) }, disposeHandler: true)
        {
            BaseAddress = baseUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("arena-cli", typeof(ArenaClient).Assembly.GetName().Version?.ToString(3)));
    }

    public Uri BaseUrl { get; }
    public bool HasToken { get; }

    /// <summary>The response body as text, for <c>--json</c>, which prints exactly what the server sent.</summary>
    public async Task<string> GetTextAsync(string path, Refusals refusals, CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), refusals, cancellation);
        return await response.Content.ReadAsStringAsync(cancellation);
    }

    public async Task<T> GetAsync<T>(string path, Refusals refusals, CancellationToken cancellation) =>
        Read<T>(await GetTextAsync(path, refusals, cancellation), path);

    public async Task<T> PostAsync<T>(string path, HttpContent? content, Refusals refusals, CancellationToken cancellation, bool transfer = false) =>
        Read<T>(await PostTextAsync(path, content, refusals, cancellation, transfer), path);

    public async Task<string> PostTextAsync(string path, HttpContent? content, Refusals refusals, CancellationToken cancellation, bool transfer = false)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, refusals, cancellation, transfer);
        return await response.Content.ReadAsStringAsync(cancellation);
    }

    /// <summary>Refuses before uploading anything when the server would only answer 401.</summary>
    public void RequireToken()
    {
        if (!HasToken) throw new CliException("not signed in: run arena login (or set ARENA_TOKEN)");
    }

    public Task<T> PostJsonAsync<T>(string path, object body, Refusals refusals, CancellationToken cancellation) =>
        PostAsync<T>(path, JsonContent.Create(body, options: Json), refusals, cancellation);

    /// <summary>PATCH, or any method with a JSON body.</summary>
    public async Task<string> SendJsonTextAsync(HttpMethod method, string path, object body, Refusals refusals, CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) }, refusals, cancellation);
        return await response.Content.ReadAsStringAsync(cancellation);
    }

    /// <summary>A DELETE answered with 204 No Content.</summary>
    public async Task DeleteAsync(string path, Refusals refusals, CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), refusals, cancellation);
    }

    public async Task<T> DeleteAsync<T>(string path, Refusals refusals, CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), refusals, cancellation);
        return Read<T>(await response.Content.ReadAsStringAsync(cancellation), path);
    }

    /// <summary>
    /// Sends a request and returns a successful response (the caller disposes it); a <paramref name="transfer"/> has no
    /// time limit and returns as soon as the headers arrive, so the body can be streamed.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Refusals refusals, CancellationToken cancellation, bool transfer = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (!transfer) timeout.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, transfer ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {Origin}: {NetworkErrors.Describe(e)}", inner: e);
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new CliException($"cannot reach {Origin}: no answer within {RequestTimeout.TotalSeconds:0} s", inner: e);
        }
        finally
        {
            request.Dispose();
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw await ApiErrors.FromResponseAsync(response, refusals, HasToken, cancellation);
        }
    }

    string Origin => BaseUrl.AbsoluteUri.TrimEnd('/');

    public static T Read<T>(string text, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new CliException($"the server's answer to {path} is not what this arena expects ({e.Message}); is the URL an Arena server?", inner: e);
        }
    }

    public void Dispose() => _http.Dispose();
}

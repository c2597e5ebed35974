using System.Net;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Security;

/// <summary>
/// Every answer carries CSP, nosniff and X-Frame-Options; HSTS only over HTTPS: directly, or from a TLS-terminating proxy
/// on loopback that says so with X-Forwarded-Proto (as deploy/nginx.conf does). Never over plain HTTP.
/// </summary>
public sealed class SecurityHeaderTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hsts_is_sent_over_https_and_behind_a_tls_proxy_but_not_over_plain_http()
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(Provider.Sqlite, cluster, bundles, realPort: true);
        // In-process (TestServer) the scheme is the client's URL's: a direct HTTPS request without a certificate.
        var inProcess = await ArenaApp.StartAsync(Provider.Sqlite, cluster, bundles);
        try
        {
            using var http = new HttpClient { BaseAddress = app.Address };
            async Task<HttpResponseMessage> GetAsync(string path, string? forwardedProto)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                // HSTS is never sent to localhost (a developer's other sites would be forced to HTTPS): a real name.
                request.Headers.Host = "arena.example.org";
                if (forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", forwardedProto);
                return await http.SendAsync(request, Cancellation);
            }
            var direct = inProcess.CreateClient(new() { BaseAddress = new Uri("https://arena.example.org/") });

            var responses = new Dictionary<string, HttpResponseMessage>
            {
                ["plain page"] = await GetAsync("/", null),
                ["plain api"] = await GetAsync("/api/competitions", null),
                ["proxied page"] = await GetAsync("/", "https"),
                ["proxied api"] = await GetAsync("/api/competitions", "https"),
                ["proxied 404"] = await GetAsync("/api/nothing-here", "https"),
                ["proxied http"] = await GetAsync("/", "http"),
                ["direct https"] = await direct.GetAsync("/account/signin", Cancellation),
            };

            foreach (var (name, response) in responses)
            {
                Assert.True(response.Headers.Contains("Content-Security-Policy"), name);
                Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
                Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
                var https = name.StartsWith("proxied", StringComparison.Ordinal) && name != "proxied http" || name == "direct https";
                Assert.True(https == response.Headers.Contains("Strict-Transport-Security"), $"{name}: HSTS {(https ? "missing" : "sent over HTTP")}");
                if (https) Assert.Equal(["max-age=31536000"], response.Headers.GetValues("Strict-Transport-Security"));
            }
            Assert.Equal(HttpStatusCode.OK, responses["proxied page"].StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
            await inProcess.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }
}

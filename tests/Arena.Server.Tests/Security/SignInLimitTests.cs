using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Security;

/// <summary>
/// Guessing passwords: an account locks after 5 wrong ones for 5 minutes (and an unknown name answers the same), and
/// too many failures per user name or per client address get 429 with Retry-After, on the API and on the page.
/// </summary>
public sealed partial class SignInLimitTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    const string Password = "correct horse battery";

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Five_wrong_passwords_lock_the_account_for_five_minutes_and_an_unknown_name_answers_alike(Provider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2029, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles, services: s => s.AddSingleton<TimeProvider>(clock));
        try
        {
            await app.SignUpAsync("alice");
            var client = app.CreateClient();

            var wrong = new List<JsonObject>();
            for (var i = 0; i < 5; i++) wrong.Add(await LoginAsync(client, "alice", "guess " + i, HttpStatusCode.Unauthorized));
            var lockedWithRightPassword = await LoginAsync(client, "alice", Password, HttpStatusCode.Unauthorized);
            var unknown = new List<JsonObject>();
            for (var i = 0; i < 6; i++) unknown.Add(await LoginAsync(client, "nobody-here", "guess " + i, HttpStatusCode.Unauthorized));

            Assert.All(wrong.Take(4), w => Assert.Equal("Sign-in failed", (string?)w["title"]));
            Assert.Equal("Account locked", (string?)wrong[4]["title"]);
            Assert.Equal("Account locked", (string?)lockedWithRightPassword["title"]);
            Assert.Contains("locked after too many wrong passwords, until 2029-03-01 09:05:00 UTC", (string?)lockedWithRightPassword["detail"]);
            // Word for word what a real account gets, so a lockout message never tells that a name exists.
            Assert.Equal(wrong.Select(w => (string?)w["title"]), unknown.Take(5).Select(u => (string?)u["title"]));
            Assert.Equal((string?)lockedWithRightPassword["detail"], (string?)unknown[5]["detail"]);

            clock.Advance(TimeSpan.FromMinutes(4));
            Assert.Equal("Account locked", (string?)(await LoginAsync(client, "alice", Password, HttpStatusCode.Unauthorized))["title"]);
            clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
            var after = await LoginAsync(client, "alice", Password, HttpStatusCode.OK);
            Assert.NotNull(after["accessToken"]);
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    /// <summary>4 wrong passwords, 1 that locks, 5 more while locked: the 11th failure for one name is refused unchecked.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Brute_force_on_one_name_gets_429_with_retry_after_even_for_the_right_password(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles);
        try
        {
            await app.SignUpAsync("bob");
            var client = app.CreateClient();
            for (var i = 0; i < 10; i++) await LoginAsync(client, "bob", "guess " + i, HttpStatusCode.Unauthorized);

            var refused = await client.PostAsJsonAsync("/api/auth/login", new { userName = "BOB", password = Password }, Cancellation);

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var seconds = refused.Headers.RetryAfter?.Delta?.TotalSeconds;
            Assert.InRange(seconds ?? 0, 1, 15 * 60);
            var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
            Assert.Equal("Too many failed sign-ins", (string?)problem["title"]);
            Assert.Equal(seconds, (double?)problem["retryAfterSeconds"]);
            // Another name from the same client is not affected by bob's count (the address allows 30).
            await app.SignUpAsync("carol");
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    /// <summary>Behind a proxy on loopback (as nginx in deploy/), the client address comes from X-Forwarded-For.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Failures_from_one_client_address_across_names_get_429_while_another_address_may_still_try(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles, realPort: true,
            settings: new Dictionary<string, string?> { ["Arena:SignIn:FailuresPerAddress"] = "3" });
        try
        {
            await app.SignUpAsync("dave");
            using var http = new HttpClient { BaseAddress = app.Address };
            async Task<HttpResponseMessage> FromAsync(string address, string userName, string password)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName, password }) };
                request.Headers.Add("X-Forwarded-For", address);
                return await http.SendAsync(request, Cancellation);
            }

            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await FromAsync("203.0.113.7", "sprayed" + i, "guess")).StatusCode);
            var fourth = await FromAsync("203.0.113.7", "dave", Password);
            var elsewhere = await FromAsync("198.51.100.9", "dave", Password);

            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
            Assert.NotNull(fourth.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_sign_in_page_says_locked_until_when_and_then_answers_429(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles);
        try
        {
            await app.SignUpAsync("erin");
            var browser = app.CreateClient();
            async Task<(HttpStatusCode, string, HttpResponseMessage)> PostAsync(string password)
            {
                var form = await browser.GetStringAsync("/account/signin", Cancellation);
                var token = AntiforgeryField().Match(form).Groups[1].Value;
                var response = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = "erin", ["Password"] = password, ["__RequestVerificationToken"] = token,
                }), Cancellation);
                return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancellation)), response);
            }

            var pages = new List<(HttpStatusCode Status, string Html, HttpResponseMessage Response)>();
            for (var i = 0; i < 11; i++) pages.Add(await PostAsync(i == 5 ? Password : "guess " + i));

            Assert.Contains("The user name or password is wrong.", pages[0].Html);
            Assert.Matches(@"This account is locked after too many wrong passwords, until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", pages[5].Html);
            Assert.Equal(HttpStatusCode.OK, pages[9].Status);
            Assert.Equal(HttpStatusCode.TooManyRequests, pages[10].Status);
            Assert.NotNull(pages[10].Response.Headers.RetryAfter);
            Assert.Contains("Too many failed sign-ins", pages[10].Html);
            Assert.Contains("id=\"userName\"", pages[10].Html);
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    static async Task<JsonObject> LoginAsync(HttpClient client, string userName, string password, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password }, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == expected, $"{userName}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Accounts;

/// <summary>Personal API tokens on the <c>binary</c> bundle, with a fake clock for expiry and last use.</summary>
public sealed partial class PersonalTokenTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2029, 6, 1, 12, 0, 0, TimeSpan.Zero));

    DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Logs as chatty as an operator could make them, so that a secret in any log line is caught.</summary>
    Task<ArenaApp> StartAsync(Provider provider) =>
        ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock), settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
        });

    /// <summary>The problem details without their trace id, which differs on every request.</summary>
    static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
        problem.Remove("traceId");
        return problem.ToJsonString();
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_token_is_shown_once_then_submits_and_reads_like_a_sign_in(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");

            var response = await ada.PostAsJsonAsync("/api/tokens", new { name = "  laptop script " }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("/api/tokens", response.Headers.Location?.OriginalString);
            var created = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
            Assert.Equal(["createdAt", "expiresAt", "id", "name", "token"], created.Select(p => p.Key).Order(StringComparer.Ordinal));
            var secret = created.Secret();
            Assert.Matches("^arena_[A-Za-z0-9_-]{43}$", secret);
            Assert.Equal("laptop script", created["name"]!.GetValue<string>());
            Assert.Equal(Now, created["createdAt"]!.GetValue<DateTime>());
            Assert.Null(created["expiresAt"]);

            var script = app.WithToken(secret);
            var id = await script.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());
            var result = await script.WaitForResultAsync(id);
            Assert.Equal("scored", result["status"]!.GetValue<string>());
            Assert.Equal(1.0, result["publicScore"]!.GetValue<double>());
            // The submission is ada's: her password sign-in reads it too.
            Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync($"/api/submissions/{id}", Cancellation)).StatusCode);

            var listed = await script.GetAsync("/api/tokens", Cancellation);
            var text = await listed.Content.ReadAsStringAsync(Cancellation);
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            Assert.DoesNotContain(secret["arena_".Length..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(PersonalTokenSteps.HashOf(secret), text, StringComparison.OrdinalIgnoreCase);
            var row = Assert.Single(JsonNode.Parse(text)!.AsArray())!.AsObject();
            Assert.Equal(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt"], row.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal(created.Id(), row["id"]!.GetValue<int>());
            Assert.Equal(secret[..14], row["prefix"]!.GetValue<string>());
            Assert.Equal(Now, row["lastUsedAt"]!.GetValue<DateTime>());
            Assert.Null(row["revokedAt"]);
            app.AssertNeverLogged(secret);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Another_user_can_neither_see_nor_revoke_a_token_and_a_revoked_token_is_refused(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            var bob = await app.SignUpAsync("bob");
            var adas = await ada.CreateTokenAsync("ada's script");
            var bobs = await bob.CreateTokenAsync("bob's script");
            var adaScript = app.WithToken(adas.Secret());
            var bobScript = app.WithToken(bobs.Secret());

            foreach (var asBob in (HttpClient[])[bob, bobScript])
            {
                var list = await asBob.GetStringAsync("/api/tokens", Cancellation);
                Assert.Equal([bobs.Id()], JsonNode.Parse(list)!.AsArray().Select(t => t!["id"]!.GetValue<int>()));
                Assert.DoesNotContain(adas.Secret()[..14], list, StringComparison.Ordinal);
                var refused = await asBob.DeleteAsync($"/api/tokens/{adas.Id()}", Cancellation);
                var missing = await asBob.DeleteAsync("/api/tokens/987654", Cancellation);
                Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (refused.StatusCode, missing.StatusCode));
                Assert.Equal(await ProblemAsync(missing), await ProblemAsync(refused));
            }
            Assert.Equal(HttpStatusCode.OK, (await adaScript.GetAsync("/api/competitions/binary/limits", Cancellation)).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await ada.DeleteAsync($"/api/tokens/{adas.Id()}", Cancellation)).StatusCode);
            var revokedAt = Now;
            _clock.Advance(TimeSpan.FromHours(1));
            var afterRevoke = await adaScript.GetAsync("/api/competitions/binary/limits", Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
            Assert.Equal("application/problem+json", afterRevoke.Content.Headers.ContentType?.MediaType);
            // Revoking again is harmless and keeps the first time.
            Assert.Equal(HttpStatusCode.NoContent, (await ada.DeleteAsync($"/api/tokens/{adas.Id()}", Cancellation)).StatusCode);
            var row = Assert.Single(await ada.ListTokensAsync())!;
            Assert.Equal(revokedAt, row["revokedAt"]!.GetValue<DateTime>());
            Assert.Equal(HttpStatusCode.OK, (await bobScript.GetAsync("/api/competitions/binary/limits", Cancellation)).StatusCode);
            app.AssertNeverLogged(adas.Secret());
            app.AssertNeverLogged(bobs.Secret());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Expired_revoked_and_unknown_tokens_are_refused_alike(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            var expiring = await ada.CreateTokenAsync("for an hour", new DateTimeOffset(Now.AddHours(1)));
            Assert.Equal(Now.AddHours(1), expiring["expiresAt"]!.GetValue<DateTime>());
            var revoked = await ada.CreateTokenAsync("to revoke");
            Assert.Equal(HttpStatusCode.OK, (await app.WithToken(expiring.Secret()).GetAsync("/api/competitions/binary/limits", Cancellation)).StatusCode);

            _clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(HttpStatusCode.NoContent, (await ada.DeleteAsync($"/api/tokens/{revoked.Id()}", Cancellation)).StatusCode);
            var unknown = "arena_" + Convert.ToBase64String(new byte[32]).Replace('+', '-').Replace('/', '_').TrimEnd('=');
            var answers = new List<string>();
            foreach (var token in (string[])[expiring.Secret(), revoked.Secret(), unknown, "arena_"])
            {
                var response = await app.WithToken(token).GetAsync("/api/competitions/binary/limits", Cancellation);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                answers.Add($"{response.Headers.WwwAuthenticate} {await ProblemAsync(response)}");
            }
            Assert.Single(answers.Distinct());
            app.AssertNeverLogged(expiring.Secret());
            app.AssertNeverLogged(revoked.Secret());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_name_is_required_expiry_must_be_ahead_and_a_token_cannot_make_tokens(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            var anonymous = app.CreateClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/tokens", new { name = "x" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tokens", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/tokens/1", Cancellation)).StatusCode);

            foreach (var (body, field) in new (object, string)[]
            {
                (new { name = "" }, "name"), (new { name = "   " }, "name"), (new { }, "name"), (new { name = new string('n', 101) }, "name"),
                (new { name = "past", expiresAt = new DateTimeOffset(Now) }, "expiresAt"),
            })
            {
                var response = await ada.PostAsJsonAsync("/api/tokens", body, Cancellation);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
                Assert.Equal([field], problem["errors"]!.AsObject().Select(e => e.Key));
            }
            var longest = await ada.CreateTokenAsync(new string('n', 100));

            var fromToken = await app.WithToken(longest.Secret()).PostAsJsonAsync("/api/tokens", new { name = "another" }, Cancellation);
            Assert.Equal(HttpStatusCode.Forbidden, fromToken.StatusCode);
            Assert.Single(await ada.ListTokensAsync());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Last_use_is_recorded_at_most_once_a_minute(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            var token = await ada.CreateTokenAsync("cron job");
            var script = app.WithToken(token.Secret());
            async Task<DateTime?> UseThenReadAsync()
            {
                Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/competitions/binary/limits", Cancellation)).StatusCode);
                return Assert.Single(await ada.ListTokensAsync())!["lastUsedAt"]?.GetValue<DateTime>();
            }

            Assert.Null(Assert.Single(await ada.ListTokensAsync())!["lastUsedAt"]);
            var first = Now;
            Assert.Equal(first, await UseThenReadAsync());
            _clock.Advance(TimeSpan.FromSeconds(59));
            Assert.Equal(first, await UseThenReadAsync());
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(Now, await UseThenReadAsync());
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Api;

public sealed class AccountRoutesTests(SharedApps apps, PostgresCluster cluster) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_first_account_and_the_configured_admin_name_are_admins_and_nobody_else(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles, settings: new Dictionary<string, string?> { ["Arena:AdminUserName"] = "teacher" });
        try
        {
            var anonymous = app.CreateClient();
            async Task<bool> RegisterAsync(string name)
            {
                var response = await anonymous.PostAsJsonAsync("/api/auth/register", new { userName = name, email = $"{name}@example.org", password = "correct horse battery" }, Cancellation);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["isAdmin"]!.GetValue<bool>();
            }

            Assert.True(await RegisterAsync("first"));
            Assert.False(await RegisterAsync("second"));
            Assert.True(await RegisterAsync("Teacher"));
        }
        finally
        {
            await app.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    /// <summary>Simultaneous first registrations on a fresh server: exactly one of them becomes the admin.</summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Racing_first_registrations_make_exactly_one_admin(Provider provider)
    {
        var bundles = TestBundles.Create();
        var app = await ArenaApp.StartAsync(provider, cluster, bundles);
        try
        {
            var anonymous = app.CreateClient();
            var registrations = Enumerable.Range(1, 6).Select(async i =>
            {
                var response = await anonymous.PostAsJsonAsync("/api/auth/register", new { userName = $"racer{i}", email = $"racer{i}@example.org", password = "correct horse battery" }, Cancellation);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["isAdmin"]!.GetValue<bool>();
            });

            var admins = await Task.WhenAll(registrations);

            Assert.Single(admins, isAdmin => isAdmin);
            var later = await anonymous.PostAsJsonAsync("/api/auth/register", new { userName = "latecomer", email = "latecomer@example.org", password = "correct horse battery" }, Cancellation);
            Assert.False((await later.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["isAdmin"]!.GetValue<bool>());
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
    public async Task Registration_problems_are_400_validation_problems_naming_the_field(Provider provider)
    {
        var client = (await apps.For(provider)).CreateClient();

        var missing = await client.PostAsJsonAsync("/api/auth/register", new { userName = "", email = "x@example.org", password = "long enough" }, Cancellation);
        var shortPassword = await client.PostAsJsonAsync("/api/auth/register", new { userName = $"short-{provider}", email = $"s-{provider}@example.org", password = "abc" }, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await missing.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["errors"]!["userName"]);
        Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
        Assert.NotNull((await shortPassword.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["errors"]!["password"]);

        // Too long for the columns (a 4 MB name was accepted on SQLite and a 500 on PostgreSQL): 400s naming the field.
        foreach (var (field, body) in new (string, object)[]
        {
            ("userName", new { userName = new string('n', 65), email = $"long-{provider}@example.org", password = "long enough" }),
            ("userName", new { userName = new string('n', 4 << 20), email = $"huge-{provider}@example.org", password = "long enough" }),
            ("email", new { userName = $"mail-{provider}", email = new string('e', 300) + "@example.org", password = "long enough" }),
            ("password", new { userName = $"pass-{provider}", email = $"pass-{provider}@example.org", password = new string('p', 1025) }),
        })
        {
            var tooLong = await client.PostAsJsonAsync("/api/auth/register", body, Cancellation);
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
            var errors = (await tooLong.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["errors"]!.AsObject();
            Assert.Contains("At most", errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_taken_user_name_is_refused(Provider provider)
    {
        var app = await apps.For(provider);
        await app.SignUpAsync($"taken-{provider}");

        var again = await app.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { userName = $"taken-{provider}", email = $"other-{provider}@example.org", password = "long enough" }, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_wrong_password_or_unknown_user_is_401_without_saying_which(Provider provider)
    {
        var app = await apps.For(provider);
        await app.SignUpAsync($"login-{provider}");
        var client = app.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/auth/login", new { userName = $"login-{provider}", password = "not the password" }, Cancellation);
        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody-at-all", password = "not the password" }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadFromJsonAsync<JsonObject>(Cancellation) is { } a ? a["detail"]?.GetValue<string>() : null,
            await unknown.Content.ReadFromJsonAsync<JsonObject>(Cancellation) is { } b ? b["detail"]?.GetValue<string>() : null);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_forged_token_is_401(Provider provider)
    {
        var client = (await apps.For(provider)).CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "CfDJ8-not-a-real-token");

        var response = await client.GetAsync("/api/competitions/binary/submissions", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Groups;

/// <summary>Who is refused what: anonymous callers 401, outsiders 404 (as for a missing group), plain members 403.</summary>
public sealed class GroupRefusalTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Every route under one group, with a body it would accept from the owner.</summary>
    static List<(string Name, Func<HttpClient, Task<HttpResponseMessage>> Send)> GroupRoutes(string slug, string code, string userName) =>
    [
        ("GET group", c => c.GetAsync($"/api/groups/{slug}", Cancellation)),
        ("GET members", c => c.GetAsync($"/api/groups/{slug}/members", Cancellation)),
        ("GET audit", c => c.GetAsync($"/api/groups/{slug}/audit", Cancellation)),
        ("POST invites", c => c.PostAsJsonAsync($"/api/groups/{slug}/invites", new { }, Cancellation)),
        ("GET invites", c => c.GetAsync($"/api/groups/{slug}/invites", Cancellation)),
        ("DELETE invite", c => c.DeleteAsync($"/api/groups/{slug}/invites/{code}", Cancellation)),
        ("PUT role", c => c.PutAsJsonAsync($"/api/groups/{slug}/members/{userName}/role", new { role = "organizer" }, Cancellation)),
        ("DELETE member", c => c.DeleteAsync($"/api/groups/{slug}/members/{userName}", Cancellation)),
        ("POST leave", c => c.PostAsync($"/api/groups/{slug}/leave", null, Cancellation)),
    ];

    static async Task<Dictionary<string, HttpStatusCode>> StatusesAsync(HttpClient client, string slug, string code, string userName)
    {
        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var (name, send) in GroupRoutes(slug, code, userName)) statuses[name] = (await send(client)).StatusCode;
        return statuses;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Anonymous_callers_get_401_outsiders_404_and_plain_members_403(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            var mia = await app.SignUpAsync("mia");
            var paul = await app.SignUpAsync("paul");
            var outsider = await app.SignUpAsync("outsider");
            await olga.CreateGroupAsync("ml-study");
            var code = await olga.InviteAsync("ml-study");
            await mia.JoinedAsync(code);
            await paul.JoinedAsync(code);
            var anonymous = app.CreateClient();

            var asAnonymous = await StatusesAsync(anonymous, "ml-study", code, "paul");
            Assert.All(asAnonymous, s => Assert.True(s.Value == HttpStatusCode.Unauthorized, $"{s.Key}: {s.Value}"));
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/groups", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/groups", new { slug = "anon", name = "x" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.JoinAsync(code)).StatusCode);

            // An outsider cannot tell the group from one that does not exist.
            var asOutsider = await StatusesAsync(outsider, "ml-study", code, "paul");
            Assert.All(asOutsider, s => Assert.True(s.Value == HttpStatusCode.NotFound, $"{s.Key}: {s.Value}"));
            Assert.Equal(await StatusesAsync(outsider, "no-such-group", code, "paul"), asOutsider);
            Assert.Empty((await outsider.GetFromJsonAsync<JsonArray>("/api/groups", Cancellation))!);

            var asMember = await StatusesAsync(mia, "ml-study", code, "paul");
            Assert.Equal(new Dictionary<string, HttpStatusCode>
            {
                ["GET group"] = HttpStatusCode.OK, ["GET members"] = HttpStatusCode.OK, ["GET audit"] = HttpStatusCode.Forbidden,
                ["POST invites"] = HttpStatusCode.Forbidden, ["GET invites"] = HttpStatusCode.Forbidden, ["DELETE invite"] = HttpStatusCode.Forbidden,
                ["PUT role"] = HttpStatusCode.Forbidden, ["DELETE member"] = HttpStatusCode.Forbidden, ["POST leave"] = HttpStatusCode.NoContent,
            }, asMember);
            // mia left with the last call, so she is now an outsider.
            Assert.Equal(HttpStatusCode.NotFound, (await mia.PostAsJsonAsync("/api/groups/ml-study/invites", new { }, Cancellation)).StatusCode);

            // Nothing the refused calls tried happened: paul is still a plain member and the code still works.
            var members = (await olga.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/members", Cancellation))!
                .Select(m => (m!["userName"]!.GetValue<string>(), m["role"]!.GetValue<string>()));
            Assert.Equal([("olga", "owner"), ("paul", "member")], members);
            Assert.Equal("member", await outsider.JoinedAsync(code));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Admins_see_and_moderate_every_group_but_only_the_owner_names_organizers(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            var mia = await app.SignUpAsync("mia");
            await olga.CreateGroupAsync("ml-study");
            await mia.JoinedAsync(await olga.InviteAsync("ml-study"));

            Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/groups", Cancellation))!);
            var details = (await admin.GetFromJsonAsync<JsonObject>("/api/groups/ml-study", Cancellation))!;
            Assert.Null(details["role"]);
            Assert.Equal(2, details["memberCount"]!.GetValue<int>());
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/groups/ml-study/audit", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/groups/ml-study/invites", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await admin.PutAsJsonAsync("/api/groups/ml-study/members/mia/role", new { role = "organizer" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/groups/ml-study/leave", null, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/api/groups/ml-study/members/olga", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/groups/ml-study/members/mia", Cancellation)).StatusCode);
            var removal = (await olga.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/audit", Cancellation))![0]!;
            Assert.Equal(("member-removed", "admin"), (removal["action"]!.GetValue<string>(), removal["actor"]!.GetValue<string>()));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Parallel_joins_count_every_use(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            await olga.CreateGroupAsync("ml-study");
            var code = await olga.InviteAsync("ml-study");
            var users = new List<HttpClient>();
            for (var i = 0; i < 8; i++) users.Add(await app.SignUpAsync($"joiner-{i}"));

            // Each user twice at once: eight new members, eight uses, and every call answers 200.
            var roles = await Task.WhenAll(users.Concat(users).Select(u => u.JoinedAsync(code)));

            Assert.All(roles, r => Assert.Equal("member", r));
            var invite = (await olga.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/invites", Cancellation))!.Single()!;
            Assert.Equal(8, invite["uses"]!.GetValue<int>());
            Assert.Equal(9, (await olga.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/members", Cancellation))!.Count);
            var audit = (await olga.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/audit", Cancellation))!;
            Assert.Equal(8, audit.Count(a => a!["action"]!.GetValue<string>() == "member-joined"));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Arena.Server.Tests.Groups;

/// <summary>A study group from creation to removals, with a fake clock so that an invite can expire.</summary>
public sealed class GroupLifecycleTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2029, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_group_is_created_invited_to_joined_run_and_left(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles, services: s => s.AddSingleton<TimeProvider>(_clock));
        try
        {
            await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            var mia = await app.SignUpAsync("mia");
            var nils = await app.SignUpAsync("nils");
            var oscar = await app.SignUpAsync("oscar");

            foreach (var slug in new[] { "ab", "-abc", "ML-study", "ml study", "ml_study", new string('a', 65), "", "join" })
            {
                var refused = await olga.PostAsJsonAsync("/api/groups", new { slug, name = "x" }, Cancellation);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.NotNull((await refused.ProblemAsync())["errors"]!["slug"]);
            }
            foreach (var name in new[] { null, " ", new string('n', 201) })
            {
                var refused = await olga.PostAsJsonAsync("/api/groups", new { slug = "ok-slug", name }, Cancellation);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.NotNull((await refused.ProblemAsync())["errors"]!["name"]);
            }
            var created = await olga.PostAsJsonAsync("/api/groups", new { slug = "ml-study", name = "ML study" }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/groups/ml-study", created.Headers.Location?.OriginalString);
            Assert.Equal("ml-study", (await created.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["slug"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Conflict, (await mia.PostAsJsonAsync("/api/groups", new { slug = "ml-study", name = "Mine" }, Cancellation)).StatusCode);
            Assert.Equal([("ml-study", "ML study", "owner")], await MyGroupsAsync(olga));
            Assert.Empty(await MyGroupsAsync(mia));

            var forever = await olga.PostAsJsonAsync("/api/groups/ml-study/invites", new { }, Cancellation);
            Assert.Equal(HttpStatusCode.Created, forever.StatusCode);
            var foreverBody = (await forever.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
            var foreverCode = foreverBody["code"]!.GetValue<string>();
            Assert.Matches("^[A-Za-z0-9_-]{22}$", foreverCode);
            Assert.Null(foreverBody["expiresAt"]);
            Assert.Equal($"/groups/join?code={foreverCode}", foreverBody["link"]!.GetValue<string>());
            var hourCode = await olga.InviteAsync("ml-study", _clock.GetUtcNow().AddHours(1));
            // No body at all is the same as {}: a code that does not expire (revoked at once, to keep the counts below simple).
            var bare = await olga.PostAsync("/api/groups/ml-study/invites", null, Cancellation);
            Assert.Equal(HttpStatusCode.Created, bare.StatusCode);
            var bareCode = (await bare.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["code"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.NoContent, (await olga.DeleteAsync($"/api/groups/ml-study/invites/{bareCode}", Cancellation)).StatusCode);
            Assert.NotEqual(foreverCode, hourCode);
            var past = await olga.PostAsJsonAsync("/api/groups/ml-study/invites", new { expiresAt = _clock.GetUtcNow().AddSeconds(-1) }, Cancellation);
            Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
            Assert.NotNull((await past.ProblemAsync())["errors"]!["expiresAt"]);

            Assert.Equal("member", await mia.JoinedAsync(foreverCode));
            Assert.Equal("member", await nils.JoinedAsync(hourCode));
            Assert.Equal("member", await mia.JoinedAsync(foreverCode));
            Assert.Equal([("ml-study", "ML study", "member")], await MyGroupsAsync(mia));

            var promoted = await olga.PutAsJsonAsync("/api/groups/ml-study/members/nils/role", new { role = "organizer" }, Cancellation);
            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
            Assert.Equal("organizer", (await promoted.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["role"]!.GetValue<string>());
            foreach (var role in new[] { "owner", "admin", "" })
                Assert.Equal(HttpStatusCode.BadRequest, (await olga.PutAsJsonAsync("/api/groups/ml-study/members/mia/role", new { role }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await olga.PutAsJsonAsync("/api/groups/ml-study/members/olga/role", new { role = "member" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await olga.PutAsJsonAsync("/api/groups/ml-study/members/oscar/role", new { role = "member" }, Cancellation)).StatusCode);

            var members = (await mia.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/members", Cancellation))!;
            Assert.Equal([("olga", "owner"), ("nils", "organizer"), ("mia", "member")],
                members.Select(m => (m!["userName"]!.GetValue<string>(), m["role"]!.GetValue<string>())));
            Assert.All(members, m => Assert.Equal(m!["userName"]!.GetValue<string>(), m["displayName"]!.GetValue<string>()));
            Assert.All(members, m => Assert.Equal(_clock.GetUtcNow().UtcDateTime, m!["joinedAt"]!.GetValue<DateTime>().ToUniversalTime()));
            var details = await mia.GetFromJsonAsync<JsonObject>("/api/groups/ml-study", Cancellation);
            Assert.Equal(("ML study", "olga", "member", 3), (details!["name"]!.GetValue<string>(), details["owner"]!.GetValue<string>(),
                details["role"]!.GetValue<string>(), details["memberCount"]!.GetValue<int>()));

            // The new organizer runs invites at once: rights are read from the database, not the token.
            var nilsCode = await nils.InviteAsync("ml-study");
            Assert.Equal(HttpStatusCode.NoContent, (await nils.DeleteAsync($"/api/groups/ml-study/invites/{foreverCode}", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await olga.DeleteAsync($"/api/groups/ml-study/invites/{foreverCode}", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await olga.DeleteAsync("/api/groups/ml-study/invites/no-such-code", Cancellation)).StatusCode);
            var revoked = await oscar.JoinAsync(foreverCode);
            Assert.Equal(HttpStatusCode.Gone, revoked.StatusCode);
            Assert.Equal("revoked", (await revoked.ProblemAsync())["reason"]!.GetValue<string>());
            // A member who joins again is answered 200 even now that the code is revoked: a retry must not fail.
            Assert.Equal("member", await mia.JoinedAsync(foreverCode));

            _clock.Advance(TimeSpan.FromHours(2));
            var expired = await oscar.JoinAsync(hourCode);
            Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
            var expiredProblem = await expired.ProblemAsync();
            Assert.Equal("expired", expiredProblem["reason"]!.GetValue<string>());
            Assert.Contains("expired", expiredProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await oscar.JoinAsync("AAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await oscar.JoinAsync("")).StatusCode);
            Assert.Equal("member", await oscar.JoinedAsync(nilsCode));

            var invites = (await nils.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/invites", Cancellation))!
                .ToDictionary(i => i!["code"]!.GetValue<string>(), i => i!.AsObject());
            Assert.Equal(("revoked", 1), (invites[foreverCode]["state"]!.GetValue<string>(), invites[foreverCode]["uses"]!.GetValue<int>()));
            Assert.NotNull(invites[foreverCode]["revokedAt"]);
            Assert.Equal(("expired", 1), (invites[hourCode]["state"]!.GetValue<string>(), invites[hourCode]["uses"]!.GetValue<int>()));
            Assert.Equal(("active", 1, "nils"), (invites[nilsCode]["state"]!.GetValue<string>(), invites[nilsCode]["uses"]!.GetValue<int>(),
                invites[nilsCode]["createdBy"]!.GetValue<string>()));
            Assert.Null(invites[nilsCode]["expiresAt"]);

            // Organizers remove plain members only; nobody removes the owner, and the owner cannot leave.
            Assert.Equal(HttpStatusCode.OK, (await olga.PutAsJsonAsync("/api/groups/ml-study/members/mia/role", new { role = "organizer" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await nils.DeleteAsync("/api/groups/ml-study/members/mia", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await olga.PutAsJsonAsync("/api/groups/ml-study/members/mia/role", new { role = "member" }, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await nils.DeleteAsync("/api/groups/ml-study/members/oscar", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await nils.DeleteAsync("/api/groups/ml-study/members/oscar", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await nils.DeleteAsync("/api/groups/ml-study/members/olga", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await olga.DeleteAsync("/api/groups/ml-study/members/olga", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await olga.PostAsync("/api/groups/ml-study/leave", null, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await mia.PostAsync("/api/groups/ml-study/leave", null, Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await mia.GetAsync("/api/groups/ml-study", Cancellation)).StatusCode);
            Assert.Empty(await MyGroupsAsync(mia));
            Assert.Equal(HttpStatusCode.NoContent, (await olga.DeleteAsync("/api/groups/ml-study/members/NILS", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await nils.GetAsync("/api/groups/ml-study/invites", Cancellation)).StatusCode);
            Assert.Equal(["olga"], (await olga.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/members", Cancellation))!.Select(m => m!["userName"]!.GetValue<string>()));

            var audit = (await olga.GetFromJsonAsync<JsonArray>("/api/groups/ml-study/audit", Cancellation))!.Select(a => a!.AsObject()).ToList();
            var actions = audit.Select(a => a["action"]!.GetValue<string>()).Reverse().ToList();
            Assert.Equal(["group-created", "invite-created", "invite-created", "invite-created", "invite-revoked", "member-joined", "member-joined", "role-changed", "invite-created",
                "invite-revoked", "member-joined", "role-changed", "role-changed", "member-removed", "member-left", "member-removed"], actions);
            Assert.Equal("olga", audit[^1]["actor"]!.GetValue<string>());
            // Newest first: the oldest role change is nils's promotion.
            var promotion = audit.Last(a => a["action"]!.GetValue<string>() == "role-changed")["details"]!;
            Assert.Equal(("nils", "member", "organizer"), (promotion["userName"]!.GetValue<string>(), promotion["from"]!.GetValue<string>(), promotion["to"]!.GetValue<string>()));

            var joined = audit.Last(a => a["action"]!.GetValue<string>() == "member-joined");
            Assert.Equal(("mia", "mia"), (joined["actor"]!.GetValue<string>(), joined["details"]!["userName"]!.GetValue<string>()));

            // Invite codes are secrets: not in the audit log, not in any log line at Information or above.
            var codes = new[] { foreverCode, hourCode, nilsCode, bareCode };
            Assert.All(audit, a => Assert.DoesNotContain(codes, code => a.ToJsonString().Contains(code, StringComparison.Ordinal)));
            var logs = app.Logs.Where(l => !l.StartsWith("Trace ", StringComparison.Ordinal) && !l.StartsWith("Debug ", StringComparison.Ordinal)).ToList();
            Assert.Contains(logs, l => l.Contains("joined group ml-study", StringComparison.Ordinal));
            foreach (var line in logs)
                Assert.False(codes.Any(code => line.Contains(code, StringComparison.Ordinal)), $"a log line reveals an invite code: {line}");
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static async Task<List<(string, string, string)>> MyGroupsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonArray>("/api/groups", Cancellation))!
            .Select(g => (g!["slug"]!.GetValue<string>(), g["name"]!.GetValue<string>(), g["role"]!.GetValue<string>()))];
}

using System.Net;
using System.Text;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Humans;

/// <summary>Who may call each study route: anonymous 401, outsiders of a group competition 404, non-organizers 403 where organizers alone may.</summary>
public sealed class HumanStudyAccessTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = HumanBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Every study route, with a body that would pass for those that take one.</summary>
    static readonly (string Method, string Path, string? Body, bool Organizers)[] Routes =
    [
        ("GET", "", null, false),
        ("POST", "", "{}", true),
        ("DELETE", "", null, true),
        ("POST", "/close", null, true),
        ("POST", "/session", """{"expertise":"novice","sawTrainingData":false}""", false),
        ("GET", "/session", null, false),
        ("GET", "/session/next", null, false),
        ("POST", "/session/answers", """{"itemId":"h01","label":"cat","elapsedMs":10}""", false),
        ("DELETE", "/session/answers/h01", null, false),
        ("GET", "/results", null, false),
        ("GET", "/export?format=json", null, true),
        ("GET", "/export?format=csv", null, true),
        ("POST", "/import", "{}", true),
    ];

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Every_study_route_refuses_whom_it_must(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var owner = await app.SignUpAsync("owner");
            var member = await app.SignUpAsync("member");
            var outsider = await app.SignUpAsync("outsider");
            var otherOrganizer = await app.SignUpAsync("other");
            await owner.CreateGroupAsync("study-group");
            await otherOrganizer.CreateGroupAsync("other-group");
            Assert.Equal("member", await member.JoinedAsync(await owner.InviteAsync("study-group")));
            await app.AttachToGroupAsync("humans", "study-group");
            var anonymous = app.CreateClient();

            foreach (var (method, path, body, organizers) in Routes)
            {
                var what = $"{method} {path}";
                Assert.True(await StatusAsync(anonymous, method, "humans", path, body) == HttpStatusCode.Unauthorized, $"{what} to anonymous");
                var expectedOutsider = organizers ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
                Assert.True(await StatusAsync(outsider, method, "humans", path, body) == expectedOutsider, $"{what} to an outsider");
                Assert.True(await StatusAsync(otherOrganizer, method, "humans", path, body) == HttpStatusCode.NotFound, $"{what} to another group's organizer");
                if (organizers)
                    Assert.True(await StatusAsync(member, method, "humans", path, body) == HttpStatusCode.Forbidden, $"{what} to a member");
            }

            // Members take part; the group's owner runs it; what members see of the protocol hides the sample.
            Assert.Equal(HttpStatusCode.Created, await StatusAsync(member, "POST", "humans", "/session", Routes[4].Body));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(member, "GET", "humans", "/session/next", null));
            var seen = await member.GetStringAsync(HumanSteps.Study("humans"), Cancellation);
            Assert.DoesNotContain("itemIds", seen, StringComparison.Ordinal);
            Assert.Contains("itemIds", await owner.GetStringAsync(HumanSteps.Study("humans"), Cancellation), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(owner, "GET", "humans", "/export?format=json", null));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(owner, "POST", "humans", "/close", null));
            // A plain participant of a public competition may not set up or export.
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(outsider, "POST", "humans-api", "", "{}"));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(outsider, "GET", "humans-api", "", null));
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static async Task<HttpStatusCode> StatusAsync(HttpClient client, string method, string slug, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), HumanSteps.Study(slug) + path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return (await client.SendAsync(request, Cancellation)).StatusCode;
    }
}

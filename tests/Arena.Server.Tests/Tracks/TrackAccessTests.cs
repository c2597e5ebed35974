using System.Net;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Tracks;

/// <summary>
/// Walks every track route: a signed-in outsider and another group's owner get 404 (the group's existence does not
/// leak), a plain member gets 403 from the organizers' routes and from another member's progress, and reads the rest.
/// </summary>
public sealed class TrackAccessTests(PostgresCluster cluster) : IAsyncDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    readonly string _bundles = TestBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>What a plain member may do: read the track, its table and their own progress.</summary>
    static readonly HashSet<string> MemberReads =
    [
        "GET /api/groups/{slug}/tracks", "GET /api/groups/{slug}/tracks/{track}", "GET /api/groups/{slug}/tracks/{track}/table",
        "GET /api/groups/{slug}/tracks/{track}/progress",
    ];

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Outsiders_get_404_and_plain_members_403_on_every_route_they_may_not_use(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            var olga = await app.SignUpAsync("olga");
            var mia = await app.SignUpAsync("mia");
            var nils = await app.SignUpAsync("nils");
            var outsider = await app.SignUpAsync("outsider");
            var otherOwner = await app.SignUpAsync("other-owner");
            await olga.GroupWithMembersAsync("ml-study", mia, nils);
            await otherOwner.GroupWithMembersAsync("other-study");
            await app.AttachToGroupAsync("binary", "ml-study");
            await olga.CreateTrackAsync("ml-study", "classics");
            var paper = await olga.AddedPaperAsync("ml-study", "classics", "binary", 0.9, 0.05);

            var routes = Routes(app);
            Assert.True(routes.Count >= 11, $"only {routes.Count} track routes found");
            foreach (var (method, pattern) in routes)
            {
                var path = pattern.Replace("{slug}", "ml-study", StringComparison.Ordinal).Replace("{track}", "classics", StringComparison.Ordinal)
                    .Replace("{paperId:int}", paper.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{userName}", "nils", StringComparison.Ordinal);
                foreach (var stranger in new[] { outsider, otherOwner })
                {
                    var refused = await stranger.SendAsync(Request(method, path), Cancellation);
                    Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"{method} {pattern} answered {(int)refused.StatusCode} to a non-member");
                }
                var asMember = await mia.SendAsync(Request(method, path), Cancellation);
                if (MemberReads.Contains($"{method} {pattern}"))
                    Assert.True(asMember.StatusCode == HttpStatusCode.OK, $"{method} {pattern} answered {(int)asMember.StatusCode} to a member");
                else
                    Assert.True(asMember.StatusCode == HttpStatusCode.Forbidden, $"{method} {pattern} answered {(int)asMember.StatusCode} to a plain member");
            }
            // The track is intact: every refusal above changed nothing.
            var own = await nils.GetAsync("/api/groups/ml-study/tracks/classics/members/nils/progress", Cancellation);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await olga.GetAsync("/api/groups/ml-study/tracks/classics/members/mia/progress", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync("/api/groups/ml-study/tracks/classics/members/outsider/progress", Cancellation)).StatusCode);
            Assert.Contains("\"id\":" + paper, await olga.GetStringAsync("/api/groups/ml-study/tracks/classics", Cancellation), StringComparison.Ordinal);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>An empty JSON object, so that routes with a body reach their handler.</summary>
    static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
    };

    static List<(string Method, string Pattern)> Routes(ArenaApp app) =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/groups/{slug}/tracks", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!))),
    ];
}

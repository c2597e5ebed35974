using System.Net;
using Arena.Cluster.Tests.Cluster;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cluster.Tests;

/// <summary>
/// Issue 7, test 4: the Data Protection keys live in the database, so a bearer token issued by one web node is
/// accepted by another, and by both after they restart.
/// </summary>
[Collection(OneClusterAtATime.Name)]
public sealed class AuthAcrossNodesTests(PostgresCluster postgres)
{
    const string Protected = "/api/competitions/binary/limits";

    [Fact]
    public async Task A_token_from_web1_works_on_web2_and_after_both_restart()
    {
        await using var cluster = await LocalCluster.CreateAsync(postgres, TestContext.Current.CancellationToken);
        var web1 = await cluster.StartWebAsync("web1");
        var web2 = await cluster.StartWebAsync("web2");
        var token = await web1.SignUpAsync("ada");

        await AssertStatusAsync(cluster, web2, null, HttpStatusCode.Unauthorized);
        await AssertStatusAsync(cluster, web2, token, HttpStatusCode.OK);

        // SIGTERM both, as a rolling upgrade would, then start them again on the same database.
        await Task.WhenAll(web1.StopAsync(TimeSpan.FromSeconds(20)), web2.StopAsync(TimeSpan.FromSeconds(20)));
        var again = await Task.WhenAll(cluster.StartWebAsync("web1"), cluster.StartWebAsync("web2"));
        await AssertStatusAsync(cluster, again[1], token, HttpStatusCode.OK);
        await AssertStatusAsync(cluster, again[0], token, HttpStatusCode.OK);
        // And a token issued after the restart, by web2, works on web1.
        await AssertStatusAsync(cluster, again[0], await again[1].LogInAsync("ada"), HttpStatusCode.OK);
    }

    static async Task AssertStatusAsync(LocalCluster cluster, Node node, string? token, HttpStatusCode expected)
    {
        using var client = node.Http(token);
        using var response = await client.GetAsync(Protected, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected,
            $"{node.Name} answered {(int)response.StatusCode} {(token is null ? "without" : "with")} a token, not {(int)expected}\n{cluster.Tails()}");
    }
}

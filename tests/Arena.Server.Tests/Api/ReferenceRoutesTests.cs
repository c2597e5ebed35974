using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Api;

/// <summary>Organizers add and remove reference rows; one test per provider, so its first user is the admin.</summary>
public sealed class ReferenceRoutesTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Organizers_add_declared_and_scored_reference_rows_that_rank_on_the_leaderboard(Provider provider)
    {
        var app = await apps.For(provider);
        var admin = await app.SignUpAsync("ref-admin");
        var participant = await app.SignUpAsync("ref-participant");
        await participant.WaitForResultAsync(await participant.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: 1)));

        var refused = await participant.PostAsJsonAsync("/api/competitions/binary/references", new { kind = "paper", name = "x", score = 0.5 }, Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/competitions/binary/references", Cancellation)).StatusCode);

        var paper = await admin.PostAsJsonAsync("/api/competitions/binary/references",
            new { kind = "paper", name = "Smith et al. 2024", score = 0.99, source = "Table 2", tolerance = 0.01 }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, paper.StatusCode);
        var badKind = await admin.PostAsJsonAsync("/api/competitions/binary/references", new { kind = "oracle", name = "x", score = 1.0 }, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);

        var file = new MultipartFormDataContent
        {
            { new StringContent("benchmark"), "kind" }, { new StringContent("Perfect model"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(TestBundles.BinarySubmission())), "file", "perfect.csv" },
        };
        var scored = await admin.PostAsync("/api/competitions/binary/references", file, Cancellation);
        Assert.Equal(HttpStatusCode.Created, scored.StatusCode);
        var row = await scored.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        Assert.Equal(1.0, row!["publicScore"]!.GetValue<double>());
        Assert.True(row["fromFile"]!.GetValue<bool>());

        var invalid = new MultipartFormDataContent
        {
            { new StringContent("benchmark"), "kind" }, { new StringContent("Broken"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("id,target\n1,abc\n")), "file", "broken.csv" },
        };
        var rejected = await admin.PostAsync("/api/competitions/binary/references", invalid, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.NotEmpty((await rejected.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["errors"]!.AsArray());

        var board = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/binary/leaderboard", Cancellation);
        var names = board!["rows"]!.AsArray().Select(r => r!["displayName"]!.GetValue<string>()).ToList();
        Assert.True(names.IndexOf("Perfect model") < names.IndexOf("Smith et al. 2024"));
        Assert.True(names.IndexOf("Smith et al. 2024") < names.IndexOf("ref-participant"));

        var id = (await paper.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.DeleteAsync($"/api/competitions/binary/references/{id}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/competitions/binary/references/{id}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/competitions/binary/references/{id}", Cancellation)).StatusCode);
        var listed = await admin.GetFromJsonAsync<JsonArray>("/api/competitions/binary/references", Cancellation);
        Assert.DoesNotContain(listed!, r => r!["name"]!.GetValue<string>() == "Smith et al. 2024");
        Assert.Contains(listed!, r => r!["name"]!.GetValue<string>() == "Study group");
    }
}

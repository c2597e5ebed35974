using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Api;

public sealed class CompetitionRoutesTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Anyone_lists_the_imported_competitions_with_their_state(Provider provider)
    {
        var app = await apps.For(provider);
        var list = await app.CreateClient().GetFromJsonAsync<JsonArray>("/api/competitions", Cancellation);

        var slugs = list!.Select(c => c!["slug"]!.GetValue<string>()).ToList();
        Assert.Equal(["binary", "closed", "deadline", "labels", "tiny-limit"], slugs);
        var closed = list!.Single(c => c!["slug"]!.GetValue<string>() == "closed")!;
        Assert.Equal("closed", closed["state"]!.GetValue<string>());
        Assert.Equal("auc", closed["metric"]!.GetValue<string>());
        Assert.True(closed["higherIsBetter"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Details_carry_the_overview_and_the_rules(Provider provider)
    {
        var app = await apps.For(provider);
        var details = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/competitions/tiny-limit", Cancellation);

        Assert.Contains("# Test competition", details!["overview"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, details["dailySubmissionLimit"]!.GetValue<int>());
        Assert.Equal(2048, details["maxUploadBytes"]!.GetValue<long>());
        Assert.Equal("open", details["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Public_files_are_listed_and_downloadable_but_the_solution_never_is(Provider provider)
    {
        var app = await apps.For(provider);
        var client = app.CreateClient();

        var files = await client.GetFromJsonAsync<JsonArray>("/api/competitions/binary/files", Cancellation);
        Assert.Equal(["sample_submission.csv", "test.csv"], files!.Select(f => f!["name"]!.GetValue<string>()));
        var test = await client.GetStringAsync("/api/competitions/binary/files/test.csv", Cancellation);
        Assert.StartsWith("id,x\n1,1.5\n", test, StringComparison.Ordinal);

        foreach (var path in new[] { "solution.csv", "benchmark.csv", "..%2Fsolution.csv", "..%2F..%2Fprivate%2Fsolution.csv", "%2E%2E%2Fprivate%2Fsolution.csv" })
        {
            var response = await client.GetAsync($"/api/competitions/binary/files/{path}", Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Usage", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_unknown_competition_is_404_with_problem_details_on_every_route(Provider provider)
    {
        var app = await apps.For(provider);
        var client = await app.SignUpAsync($"nobody-{provider}");
        foreach (var path in new[] { "/api/competitions/nope", "/api/competitions/nope/files", "/api/competitions/nope/files/test.csv",
                     "/api/competitions/nope/leaderboard", "/api/competitions/nope/submissions" })
        {
            var response = await client.GetAsync(path, Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var submit = await client.SubmitAsync("nope", TestBundles.BinarySubmission());
        Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Api;

public sealed class SubmissionRoutesTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_valid_upload_is_accepted_then_scored_with_the_private_score_hidden(Provider provider)
    {
        var app = await apps.For(provider);
        var client = await app.SignUpAsync($"scored-{provider}");

        var response = await client.SubmitAsync("binary", TestBundles.BinarySubmission(), "preds.csv", "my first try");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        Assert.Equal("queued", accepted!["status"]!.GetValue<string>());
        var id = Guid.Parse(accepted["id"]!.GetValue<string>());
        Assert.Equal($"/api/submissions/{id}", response.Headers.Location?.OriginalString);

        var result = await client.WaitForResultAsync(id);
        Assert.Equal("scored", result["status"]!.GetValue<string>());
        Assert.Equal(1.0, result["publicScore"]!.GetValue<double>());
        Assert.Null(result["privateScore"]);
        Assert.Equal("preds.csv", result["fileName"]!.GetValue<string>());
        Assert.Equal("my first try", result["description"]!.GetValue<string>());
        Assert.Equal("1.0.0", result["scorerVersion"]!.GetValue<string>());
        Assert.Empty(result["errors"]!.AsArray());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_invalid_file_fails_with_its_errors_and_does_not_use_the_daily_limit(Provider provider)
    {
        var app = await apps.For(provider);
        var client = await app.SignUpAsync($"invalid-{provider}");

        var first = await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission(value: id => id == 4 ? "abc" : "0.5"));
        var result = await client.WaitForResultAsync(first);

        Assert.Equal("failed", result["status"]!.GetValue<string>());
        var error = Assert.Single(result["errors"]!.AsArray());
        Assert.Equal(5, error!["line"]!.GetValue<long>());
        Assert.Equal("target", error["column"]!.GetValue<string>());
        Assert.Equal("4", error["id"]!.GetValue<string>());
        Assert.Equal("not_a_number", error["code"]!.GetValue<string>());
        // The limit is 2 a day, and the failed file gave its slot back.
        await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());
        await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Past_the_daily_limit_the_answer_is_429_with_Retry_After_and_the_reset_time(Provider provider)
    {
        var app = await apps.For(provider);
        var client = await app.SignUpAsync($"limit-{provider}");
        await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());
        await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());

        var refused = await client.SubmitAsync("tiny-limit", TestBundles.BinarySubmission());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 86_400);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        Assert.Equal(0, problem!["remaining"]!.GetValue<int>());
        Assert.Equal(2, problem["limit"]!.GetValue<int>());
        var resetsAt = problem["resetsAt"]!.GetValue<DateTime>();
        Assert.Equal(TimeSpan.Zero, resetsAt.TimeOfDay);
        Assert.True(resetsAt > DateTime.UtcNow);
        // Another participant is not affected.
        var other = await app.SignUpAsync($"limit-other-{provider}");
        await other.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_upload_over_the_competition_maximum_is_413_and_costs_nothing(Provider provider)
    {
        var app = await apps.For(provider);
        var client = await app.SignUpAsync($"large-{provider}");
        var big = TestBundles.BinarySubmission() + new string('\n', 4000);

        var response = await client.SubmitAsync("tiny-limit", big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(2048, (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["maxUploadBytes"]!.GetValue<long>());
        var mine = await client.GetFromJsonAsync<JsonArray>("/api/competitions/tiny-limit/submissions", Cancellation);
        Assert.Empty(mine!);
        await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());
        await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_body_that_is_not_a_form_with_a_file_is_400(Provider provider)
    {
        var client = await (await apps.For(provider)).SignUpAsync($"noform-{provider}");

        var json = await client.PostAsJsonAsync("/api/competitions/binary/submissions", new { file = "id,target" }, Cancellation);
        var noFile = await client.PostAsync("/api/competitions/binary/submissions",
            new MultipartFormDataContent { { new StringContent("hello"), "description" } }, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Contains("'file'", (await noFile.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Validate_reports_every_error_without_storing_or_counting_the_file(Provider provider)
    {
        var app = await apps.For(provider);
        var client = await app.SignUpAsync($"validate-{provider}");
        var bad = new StringBuilder("id,target\n1,0.5\n1,0.5\n2,NaN\n99,0.1\n").ToString();

        for (var i = 0; i < 3; i++)
        {
            var response = await client.ValidateAsync("tiny-limit", bad);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation);
            Assert.False(report!["valid"]!.GetValue<bool>());
            var codes = report["errors"]!.AsArray().Select(e => (e!["code"]!.GetValue<string>(), e["line"]?.GetValue<long>())).ToList();
            Assert.Equal([("duplicate_id", 3L), ("not_finite", 4L), ("unknown_id", 5L), ("missing_ids", null)], codes);
        }
        var good = await (await client.ValidateAsync("tiny-limit", TestBundles.BinarySubmission())).Content.ReadFromJsonAsync<JsonObject>(Cancellation);
        Assert.True(good!["valid"]!.GetValue<bool>());

        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/competitions/tiny-limit/submissions", Cancellation))!);
        await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());
        await client.SubmitAcceptedAsync("tiny-limit", TestBundles.BinarySubmission());
        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDirectory, "uploads")));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Only_the_owner_sees_a_submission(Provider provider)
    {
        var app = await apps.For(provider);
        var owner = await app.SignUpAsync($"owner-{provider}");
        var other = await app.SignUpAsync($"other-{provider}");
        var id = await owner.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/submissions/{id}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/submissions/{id}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync($"/api/submissions/{id}", Cancellation)).StatusCode);
        Assert.DoesNotContain(id.ToString(), await other.GetStringAsync("/api/competitions/binary/submissions", Cancellation), StringComparison.Ordinal);
        Assert.Contains(id.ToString(), await owner.GetStringAsync("/api/competitions/binary/submissions", Cancellation), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Anonymous_callers_may_not_submit_validate_or_list(Provider provider)
    {
        var anonymous = (await apps.For(provider)).CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SubmitAsync("binary", TestBundles.BinarySubmission())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.ValidateAsync("binary", TestBundles.BinarySubmission())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/competitions/binary/submissions", Cancellation)).StatusCode);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task After_the_deadline_submissions_are_scored_as_late_and_private_scores_show(Provider provider)
    {
        var app = await apps.For(provider);
        var client = await app.SignUpAsync($"late-{provider}");

        var result = await client.WaitForResultAsync(await client.SubmitAcceptedAsync("closed", TestBundles.BinarySubmission(swaps: 1)));

        Assert.Equal("scored", result["status"]!.GetValue<string>());
        Assert.True(result["isLate"]!.GetValue<bool>());
        Assert.NotNull(result["privateScore"]);
        var board = await client.GetFromJsonAsync<JsonObject>("/api/competitions/closed/leaderboard", Cancellation);
        Assert.DoesNotContain(board!["rows"]!.AsArray(), r => r!["displayName"]!.GetValue<string>() == $"late-{provider}");
    }
}

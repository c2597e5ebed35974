using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Arena.Server.Tests.Humans;

/// <summary>What tests do in a study: join, take the next item, answer it.</summary>
public static class HumanSteps
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static string Study(string slug) => $"/api/competitions/{slug}/human-study";

    public static async Task<JsonObject> JoinStudyAsync(this HttpClient user, string slug, string expertise = "novice", bool sawTrainingData = false)
    {
        var response = await user.PostAsJsonAsync($"{Study(slug)}/session", new { expertise, sawTrainingData }, Cancellation);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
    }

    /// <summary>The next item, asserting 200.</summary>
    public static async Task<JsonObject> NextAsync(this HttpClient user, string slug)
    {
        var response = await user.GetAsync($"{Study(slug)}/session/next", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<HttpResponseMessage> AnswerAsync(this HttpClient user, string slug, string itemId, string? label = null, string? skip = null,
        long elapsedMs = 1500, int? position = null) =>
        user.PostAsJsonAsync($"{Study(slug)}/session/answers", new { itemId, label, skip, elapsedMs, position }, Cancellation);

    /// <summary>Answers, asserting 200, and returns the recorded answer.</summary>
    public static async Task<JsonObject> AnsweredAsync(this HttpClient user, string slug, string itemId, string? label = null, string? skip = null,
        long elapsedMs = 1500)
    {
        var response = await user.AnswerAsync(slug, itemId, label, skip, elapsedMs);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Answers every practice item with the train label, then returns the first test item.</summary>
    public static async Task<JsonObject> PractiseAsync(this HttpClient user, string slug)
    {
        while (true)
        {
            var next = await user.NextAsync(slug);
            if (next["phase"]!.GetValue<string>() != "practice") return next;
            var id = ItemId(next);
            await user.AnsweredAsync(slug, id, HumanBundles.TrainLabel(id));
        }
    }

    public static string ItemId(JsonObject next) => next["item"]!["itemId"]!.GetValue<string>();

    public static string Detail(this JsonObject problem) => problem["detail"]?.GetValue<string>() ?? "";

    public static async Task<JsonObject> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!.AsObject();

    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Contains($"'{field}'", text, StringComparison.Ordinal);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }
}

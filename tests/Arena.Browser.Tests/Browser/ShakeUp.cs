using System.Globalization;
using System.Net.Http.Json;
using Arena.Server.Tests.Hosting;

namespace Arena.Browser.Tests.Browser;

/// <summary>
/// Two participants whose order flips between the public and the private leaderboard of a binary-data competition:
/// the leader ranks the public ids perfectly and the private ones backwards; the runner-up swaps one public pair and
/// ranks the private ids perfectly. Then an organizer reveals the private leaderboard early.
/// </summary>
public static class ShakeUp
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>AUC 1 on the public ids, 0 on the private ones.</summary>
    public static string PublicOnlySubmission() => TestBundles.BinarySubmission(value: id =>
    {
        var perfect = TestBundles.Label(id) == 1 ? 0.9 - (id * 0.01) : 0.1 + (id * 0.01);
        var score = TestBundles.Usage(id) == "Private" ? 1 - perfect : perfect;
        return score.ToString("R", CultureInfo.InvariantCulture);
    });

    /// <summary>Submits both and waits for their scores.</summary>
    public static async Task SubmitAsync(ArenaApp app, string slug, string publicLeader, string privateLeader)
    {
        var leader = await app.SignUpAsync(publicLeader);
        await leader.WaitForResultAsync(await leader.SubmitAcceptedAsync(slug, PublicOnlySubmission()));
        var runnerUp = await app.SignUpAsync(privateLeader);
        await runnerUp.WaitForResultAsync(await runnerUp.SubmitAcceptedAsync(slug, TestBundles.BinarySubmission(swaps: 1)));
    }

    public static async Task RevealAsync(HttpClient admin, string slug)
    {
        var revealed = await admin.PostAsync($"/api/competitions/{slug}/reveal", null, Cancellation);
        Assert.True(revealed.IsSuccessStatusCode, await revealed.Content.ReadAsStringAsync(Cancellation));
    }

    /// <summary>Polls the API until the closing job has frozen and revealed a competition whose deadline has passed.</summary>
    public static async Task WaitUntilClosedAsync(HttpClient client, string slug)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var summary = (await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/competitions/{slug}/leaderboard", Cancellation))!["summary"]!;
            if (summary["publicFrozen"]!.GetValue<bool>() && summary["privateRevealed"]!.GetValue<bool>()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{slug} was not closed by the closing job");
            await Task.Delay(200, Cancellation);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Api;

public sealed class SelectionAndLimitTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_limit_ledger_counts_accepted_files_and_refunds_failed_ones(Provider provider)
    {
        var client = await (await apps.For(provider)).SignUpAsync($"ledger-{provider}");

        var fresh = await LedgerAsync(client);
        await client.WaitForResultAsync(await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission()));
        await client.WaitForResultAsync(await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(value: _ => "oops")));
        var after = await LedgerAsync(client);

        Assert.Equal((0, 5, 5), (fresh["used"]!.GetValue<int>(), fresh["remaining"]!.GetValue<int>(), fresh["limit"]!.GetValue<int>()));
        Assert.Equal((1, 4), (after["used"]!.GetValue<int>(), after["remaining"]!.GetValue<int>()));
        Assert.True(after["failedSubmissionsAreRefunded"]!.GetValue<bool>());
        Assert.Equal(TimeSpan.Zero, after["resetsAt"]!.GetValue<DateTime>().TimeOfDay);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await apps.For(provider)).CreateClient().GetAsync("/api/competitions/binary/limits", Cancellation)).StatusCode);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Participants_choose_up_to_the_allowed_number_of_final_submissions(Provider provider)
    {
        var app = await apps.For(provider);
        var client = await app.SignUpAsync($"chooser-{provider}");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: i));
            await client.WaitForResultAsync(id);
            ids.Add(id);
        }

        Assert.Equal(HttpStatusCode.OK, (await SelectAsync(client, ids[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SelectAsync(client, ids[1])).StatusCode);
        var third = await SelectAsync(client, ids[2]);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(2, (await third.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["maxSelections"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/submissions/{ids[0]}/select", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SelectAsync(client, ids[2])).StatusCode);
        var mine = await client.GetFromJsonAsync<JsonArray>("/api/competitions/binary/submissions", Cancellation);
        Assert.Equal(new[] { ids[1], ids[2] }.Order(), mine!.Where(s => s!["isSelected"]!.GetValue<bool>()).Select(s => Guid.Parse(s!["id"]!.GetValue<string>())).Order());

        var other = await app.SignUpAsync($"chooser-other-{provider}");
        Assert.Equal(HttpStatusCode.NotFound, (await SelectAsync(other, ids[0])).StatusCode);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Selects_sent_at_once_never_exceed_the_allowed_number(Provider provider)
    {
        var client = await (await apps.For(provider)).SignUpAsync($"racer-{provider}");
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var id = await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(swaps: i));
            await client.WaitForResultAsync(id);
            ids.Add(id);
        }

        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(ids.Select(id => SelectAsync(client, id)));
            var mine = await client.GetFromJsonAsync<JsonArray>("/api/competitions/binary/submissions", Cancellation);
            var selected = mine!.Count(s => s!["isSelected"]!.GetValue<bool>());
            // Racing requests may all be refused, but every one that was accepted stays chosen, and never more than two.
            Assert.InRange(selected, 0, 2);
            Assert.Equal(selected, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode}"));
            await Task.WhenAll(ids.Select(id => client.DeleteAsync($"/api/submissions/{id}/select", Cancellation)));
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Failed_and_late_submissions_cannot_be_chosen(Provider provider)
    {
        var client = await (await apps.For(provider)).SignUpAsync($"refused-{provider}");
        var failed = await client.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission(value: _ => "x"));
        await client.WaitForResultAsync(failed);
        var late = await client.SubmitAcceptedAsync("closed", TestBundles.BinarySubmission());
        await client.WaitForResultAsync(late);

        Assert.Equal(HttpStatusCode.Conflict, (await SelectAsync(client, failed)).StatusCode);
        var afterDeadline = await SelectAsync(client, late);
        Assert.Equal(HttpStatusCode.Conflict, afterDeadline.StatusCode);
        Assert.Contains("deadline", (await afterDeadline.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    static Task<HttpResponseMessage> SelectAsync(HttpClient client, Guid id) => client.PostAsync($"/api/submissions/{id}/select", null, Cancellation);

    static async Task<JsonObject> LedgerAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("/api/competitions/binary/limits", Cancellation))!;
}

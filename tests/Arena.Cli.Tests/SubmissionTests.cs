using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cli.Tests;

/// <summary><c>submit</c>, <c>submissions</c>, <c>validate</c>, <c>limits</c>, <c>select</c> and the refusals on the way.</summary>
public sealed class SubmissionTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Submit_uploads_waits_and_prints_the_public_score(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        var api = await user.SignUpAndLoginAsync($"submitter-{provider}");
        var file = user.WriteFile("two-swaps.csv", TestBundles.BinarySubmission(swaps: 2));

        var submit = await user.RunAsync("competitions", "submit", "binary", "-f", file, "-m", "two swapped pairs");
        var noWait = await user.RunAsync("c", "submit", "-c", "binary", "-f", file, "-m", "again", "--no-wait");
        var submissions = await user.RunAsync("c", "submissions", "binary");

        Assert.True(submit.Exit == 0, submit.ToString());
        var mine = (await api.GetFromJsonAsync<JsonArray>("/api/competitions/binary/submissions", Cancellation))!;
        var first = mine.Single(s => (string?)s!["description"] == "two swapped pairs")!;
        var score = first["publicScore"]!.GetValue<double>();
        Assert.Equal($"Successfully submitted two-swaps.csv to binary: submission {first["id"]}\nPublic score: {score.ToString("G6", CultureInfo.InvariantCulture)}\n", submit.Output);
        Assert.Equal(0, noWait.Exit);
        Assert.Single(noWait.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.True(submissions.Exit == 0, submissions.ToString());
        var lines = submissions.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^ref +fileName +date +description +status +publicScore +privateScore +selected$", lines[0]);
        Assert.Matches($@"^{first["id"]}  two-swaps\.csv +\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d +two swapped pairs +scored +{score.ToString("G6", CultureInfo.InvariantCulture)} +- +False$",
            lines.Single(l => l.Contains("two swapped pairs", StringComparison.Ordinal)));
        Assert.Equal(4, lines.Length);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_invalid_submission_exits_1_with_its_line_numbers_on_stderr(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        await user.SignUpAndLoginAsync($"invalid-{provider}");
        var file = user.WriteFile("bad.csv", TestBundles.BinarySubmission(value: id => id is 3 or 7 ? "oops" : "0.5"));

        var submit = await user.RunAsync("c", "submit", "binary", "-f", file, "-m", "typo");

        Assert.Equal(1, submit.Exit);
        var errors = submit.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("arena: bad.csv was not scored: 2 errors", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("bad.csv: line 4, column 'target', id '3': ", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("bad.csv: line 8, column 'target', id '7': ", errors[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Public score", submit.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Validate_prints_the_full_report_and_spends_no_submission(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        await user.SignUpAndLoginAsync($"validator-{provider}");
        var bad = user.WriteFile("bad.csv", TestBundles.BinarySubmission(value: id => id is 2 or 5 ? "NaN?" : "0.5"));
        var good = user.WriteFile("good.csv", TestBundles.BinarySubmission());

        var invalid = await user.RunAsync("c", "validate", "binary", "-f", bad);
        var json = await user.RunAsync("c", "validate", "binary", "-f", bad, "--json");
        var valid = await user.RunAsync("c", "validate", "binary", "-f", good);
        var limits = await user.RunAsync("c", "limits", "binary", "--json");

        Assert.Equal(1, invalid.Exit);
        var lines = invalid.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^line +column +id +code +message$", lines[0]);
        Assert.Matches("^3 +target +2 +[a-z_]+ +.+$", lines[2]);
        Assert.Matches("^6 +target +5 +[a-z_]+ +.+$", lines[3]);
        Assert.Equal(4, lines.Length);
        Assert.Single(invalid.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("arena: bad.csv is invalid: 2 errors, the first: line 3, column 'target', id '2': ", invalid.Error, StringComparison.Ordinal);
        Assert.Equal((1, 2), (json.Exit, JsonNode.Parse(json.Output)!["errorCount"]!.GetValue<int>()));
        Assert.Equal(new CliResult(0, "good.csv is valid for binary (nothing was submitted)\n", ""), valid);
        Assert.Equal(0, JsonNode.Parse(limits.Output)!["used"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Limits_and_final_selections(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        var api = await user.SignUpAndLoginAsync($"selector-{provider}");
        var id = await api.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());
        await api.WaitForResultAsync(id);

        var limits = await user.RunAsync("c", "limits", "binary");
        var csv = await user.RunAsync("c", "limits", "binary", "--csv");
        var select = await user.RunAsync("c", "select", id.ToString());
        var selected = await user.RunAsync("c", "submissions", "binary", "--csv");
        var unselect = await user.RunAsync("c", "unselect", id.ToString());
        var notMine = await user.RunAsync("c", "select", "00000000-0000-0000-0000-000000000001");
        var notAnId = await user.RunAsync("c", "select", "latest");

        Assert.True(limits.Exit == 0, limits.ToString());
        Assert.Matches(@"^used +remaining +limit +resetsAt\n[- ]+\n1 +4 +5 +\d{4}-\d\d-\d\d 00:00:00\n$", limits.Output);
        Assert.Matches(@"^used,remaining,limit,resetsAt\n1,4,5,\d{4}-\d\d-\d\dT00:00:00\.000Z\n$", csv.Output);
        Assert.Equal(new CliResult(0, $"Selected {id}: 1 of 2 final submissions chosen\n", ""), select);
        Assert.EndsWith(",True\n", selected.Output, StringComparison.Ordinal);
        Assert.Equal(new CliResult(0, $"Unselected {id}: 0 of 2 final submissions chosen\n", ""), unselect);
        Assert.Equal(new CliResult(1, "", "arena: no submission 00000000-0000-0000-0000-000000000001 of yours\n"), notMine);
        Assert.Equal(2, notAnId.Exit);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Too_large_and_too_many_are_one_line_each_and_409_carries_the_servers_detail(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        var api = await user.SignUpAndLoginAsync($"limited-{provider}");
        var small = user.WriteFile("small.csv", TestBundles.BinarySubmission());
        var large = user.WriteFile("large.csv", TestBundles.BinarySubmission() + new string('\n', 3000));

        var tooLarge = await user.RunAsync("c", "submit", "tiny-limit", "-f", large, "-m", "big");
        Assert.Equal(0, (await user.RunAsync("c", "submit", "tiny-limit", "-f", small, "-m", "1", "--no-wait")).Exit);
        Assert.Equal(0, (await user.RunAsync("c", "submit", "tiny-limit", "-f", small, "-m", "2", "--no-wait")).Exit);
        var tooMany = await user.RunAsync("c", "submit", "tiny-limit", "-f", small, "-m", "3");
        var late = await api.SubmitAcceptedAsync("closed", TestBundles.BinarySubmission());
        await api.WaitForResultAsync(late);
        var afterDeadline = await user.RunAsync("c", "select", late.ToString());

        Assert.Equal(new CliResult(1, "", "arena: The upload is larger than this competition's limit of 2048 bytes.\n"), tooLarge);
        Assert.Equal(1, tooMany.Exit);
        Assert.Matches(@"^arena: You have used all 2 submissions for today\. .*The count resets at \d{4}-\d\d-\d\dT00:00:00Z\.\n$", tooMany.Error);
        Assert.Equal(new CliResult(1, "", "arena: Final submissions can be chosen only until the deadline.\n"), afterDeadline);
    }
}

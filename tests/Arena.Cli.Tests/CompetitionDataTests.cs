using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cli.Tests;

/// <summary><c>arena c list</c>, <c>files</c> and <c>download</c>: what there is and getting the data.</summary>
public sealed class CompetitionDataTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task List_shows_Kaggles_columns_with_the_team_count_and_whether_you_entered(Provider provider)
    {
        var app = await apps.For(provider);
        using var user = new CliUser(app);
        var api = await user.SignUpAndLoginAsync($"lister-{provider}");
        await api.WaitForResultAsync(await api.SubmitAcceptedAsync("binary", TestBundles.BinarySubmission()));
        var participants = (await api.GetFromJsonAsync<JsonObject>("/api/competitions/binary", Cancellation))!["summary"]!["participants"]!.GetValue<int>();

        var table = await user.RunAsync("c", "list");
        var csv = await user.RunAsync("competitions", "list", "--csv");
        var search = await user.RunAsync("c", "list", "--search", "STRING LABELS");

        Assert.True(table.Exit == 0, table.ToString());
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^ref +deadline +metric +teamCount +userHasEntered$", lines[0]);
        Assert.Matches("^-+  -+  -+  -+  -+$", lines[1]);
        Assert.Matches($"^binary +- +auc +{participants} +True$", lines.Single(l => l.StartsWith("binary ", StringComparison.Ordinal)));
        Assert.Matches("^closed +2020-01-01 00:00:00 +auc +0 +False$", lines.Single(l => l.StartsWith("closed ", StringComparison.Ordinal)));
        Assert.True(participants >= 1);

        Assert.Equal("ref,deadline,metric,teamCount,userHasEntered", csv.Output.Split('\n')[0]);
        Assert.Contains($"binary,,auc,{participants},True\n", csv.Output, StringComparison.Ordinal);
        Assert.Contains("closed,2020-01-01T00:00:00.000Z,auc,0,False\n", csv.Output, StringComparison.Ordinal);

        // The search matches the slug, title or description, ignoring case ("Accuracy on string labels.").
        Assert.Equal(["labels"], search.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(' ')[0]));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task List_json_is_the_servers_and_group_filters_through_the_groups_details(Provider provider)
    {
        var app = await apps.For(provider);
        using var user = new CliUser(app);
        var api = await user.SignUpAndLoginAsync($"grouper-{provider}");
        var group = $"cli-group-{provider.ToString().ToLowerInvariant()}";
        await api.CreateGroupAsync(group);
        await app.AttachToGroupAsync("deadline", group);

        var json = await user.RunAsync("c", "list", "--json");
        var inGroup = await user.RunAsync("c", "list", "--group", group, "--json");
        var notMine = await user.RunAsync("c", "list", "--group", "someone-elses");

        var all = JsonNode.Parse(json.Output)!.AsArray();
        Assert.Equal((await api.GetFromJsonAsync<JsonArray>("/api/competitions", Cancellation))!.ToJsonString(), all.ToJsonString());
        Assert.Equal(["deadline"], JsonNode.Parse(inGroup.Output)!.AsArray().Select(c => (string?)c!["slug"]));
        Assert.Equal(new CliResult(1, "", "arena: no group 'someone-elses' that you are a member of\n"), notMine);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Files_lists_name_size_and_creation_date(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        var sample = TestBundles.BinarySubmission(value: _ => "0.5");
        user.Environment["ARENA_URL"] = CliUser.Url;

        var table = await user.RunAsync("c", "files", "binary");
        var csv = await user.RunAsync("c", "files", "binary", "-v");

        Assert.True(table.Exit == 0, table.ToString());
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^name +size +creationDate$", lines[0]);
        Assert.Matches($@"^sample_submission\.csv +{sample.Length}B +\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d$", lines[2]);
        Assert.StartsWith("test.csv ", lines[3], StringComparison.Ordinal);
        Assert.StartsWith($"name,size,creationDate\nsample_submission.csv,{sample.Length},", csv.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Download_saves_one_file_or_every_file_as_a_zip_and_overwrites_only_with_force(Provider provider)
    {
        using var user = new CliUser(await apps.For(provider));
        user.Environment["ARENA_URL"] = CliUser.Url;
        var folder = Path.Combine(user.Home, "data");
        var sample = TestBundles.BinarySubmission(value: _ => "0.5");

        var one = await user.RunAsync("c", "download", "binary", "-f", "sample_submission.csv", "-p", folder);
        var all = await user.RunAsync("c", "download", "binary", "-p", folder);
        var zipPath = Path.Combine(folder, "binary.zip");
        await File.WriteAllTextAsync(zipPath, "my own notes", Cancellation);
        var again = await user.RunAsync("c", "download", "binary", "-p", folder);
        var keptNotes = await File.ReadAllTextAsync(zipPath, Cancellation);
        var forced = await user.RunAsync("c", "download", "binary", "-p", folder, "--force");
        var missing = await user.RunAsync("c", "download", "binary", "-f", "solution.csv", "-p", folder);

        Assert.True(one.Exit == 0, one.ToString());
        Assert.Equal(sample, await File.ReadAllTextAsync(Path.Combine(folder, "sample_submission.csv"), Cancellation));
        Assert.True(all.Exit == 0, all.ToString());
        Assert.Equal((0, $"{zipPath} already exists; use --force to download it again\n"), (again.Exit, again.Output));
        Assert.Equal("my own notes", keptNotes);
        Assert.True(forced.Exit == 0, forced.ToString());
        using (var zip = await ZipFile.OpenReadAsync(zipPath, Cancellation))
        {
            Assert.Equal(["sample_submission.csv", "test.csv"], zip.Entries.Select(e => e.FullName).Order());
            using var reader = new StreamReader(zip.GetEntry("sample_submission.csv")!.Open());
            Assert.Equal(sample, await reader.ReadToEndAsync(Cancellation));
        }
        Assert.Equal(new CliResult(1, "", "arena: no file 'solution.csv' in competition 'binary'\n"), missing);
        Assert.Equal(["binary.zip", "sample_submission.csv"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }
}

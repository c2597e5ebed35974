using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Arena.Server.Tests.Drafts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cli.Tests;

/// <summary>
/// The organizer verbs end to end: groups, a bundle uploaded as a draft with its report, publishing, reference rows,
/// the ML.NET baseline, rescoring and the reveal. Each test starts its own server, whose first account is the admin.
/// </summary>
public sealed class OrganizerVerbsTests(PostgresCluster cluster) : IAsyncDisposable
{
    readonly string _bundles = TestBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_teacher_runs_a_group_competition_from_the_command_line(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            using var teacher = new CliUser(app);
            await teacher.SignUpAndLoginAsync("teacher");
            using var member = new CliUser(app);
            await member.SignUpAndLoginAsync("member");

            Ok(await teacher.RunAsync("groups", "create", "cli-study", "--name", "CLI study group"));
            var invite = Ok(await teacher.RunAsync("groups", "invite", "cli-study", "--json"));
            var code = JsonNode.Parse(invite.Output)!["code"]!.GetValue<string>();
            Assert.Equal("Joined the group cli-study as member\n", Ok(await member.RunAsync("groups", "join", code)).Output);
            var members = Ok(await teacher.RunAsync("groups", "members", "cli-study", "--csv")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("userName,displayName,role,joinedAt", members[0]);
            Assert.Equal(["member,\"member\",member", "teacher,\"teacher\",owner"], members.Skip(1).Select(l => string.Join(',', l.Split(',')[..3])).Order());
            Assert.Matches(@"^cli-study +CLI study group +owner$", Ok(await teacher.RunAsync("groups", "list")).Output.Split('\n')[2]);

            var create = await teacher.RunAsync("competitions", "create", Iris("iris-cli"), "--group", "cli-study");
            Assert.True(create.Exit == 0, create.ToString());
            var report = create.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches("^check +severity +message$", report[1]);
            Assert.Contains(report, l => Regex.IsMatch(l, "^label-leak +ok +"));
            Assert.DoesNotContain(report, l => Regex.IsMatch(l, "^[a-z-]+ +error +"));
            Assert.Equal("Publish it with: arena c publish iris-cli", report[^1]);
            Assert.Equal(1, (await member.RunAsync("c", "files", "iris-cli")).Exit); // a draft: only its organizers see it
            Assert.Equal("Published iris-cli\n", Ok(await teacher.RunAsync("c", "publish", "iris-cli")).Output);

            var solution = DraftBundles.ReadCsv(Path.Combine(DraftBundles.Folder("iris"), "solution.csv")).Rows;
            var predictions = member.WriteFile("perfect.csv", "id,label\n" + string.Concat(solution.Select(r => $"{r[0]},{r[1]}\n")));
            Assert.EndsWith("Public score: 1\n", Ok(await member.RunAsync("c", "submit", "iris-cli", "-f", predictions, "-m", "perfect")).Output);

            Ok(await teacher.RunAsync("references", "add", "iris-cli", "--kind", "human", "--name", "Botany students", "--score", "0.9",
                "--source", "Class exercise", "--people", "12", "--note", "from the four measurements"));
            Ok(await teacher.RunAsync("references", "add", "iris-cli", "--kind", "paper", "--name", "Fisher (1936)", "--score", "0.96",
                "--source", "Annals of Eugenics 7(2)", "--tolerance", "0.05"));
            var baseline = Ok(await teacher.RunAsync("references", "baseline", "iris-cli"));
            Assert.Matches(@"^ML\.NET .+ \(reference \d+\) is ready: public score [0-9.]+, private score [0-9.]+$", baseline.Output.Split('\n')[0]);
            var references = Ok(await teacher.RunAsync("references", "list", "iris-cli", "--csv")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // Beside the bundle's own benchmark rows; the baseline's row names its model once trained.
            var kindsAndNames = references.Skip(1).Select(l => string.Join(',', l.Split(',')[1..3])).ToList();
            Assert.Contains("human,Botany students", kindsAndNames);
            Assert.Contains("paper,Fisher (1936)", kindsAndNames);
            Assert.Contains(kindsAndNames, l => l.StartsWith("benchmark,ML.NET ", StringComparison.Ordinal));

            var rescore = Ok(await teacher.RunAsync("c", "rescore", "iris-cli")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var done = Regex.Match(rescore[^1], @"^rescored (\d+), changed (\d+) \(scorer .+\)$");
            Assert.True(done.Success, string.Join('\n', rescore));
            Assert.Equal($"{done.Groups[1].Value}/{done.Groups[1].Value}", rescore[^2]);
            Assert.True(int.Parse(done.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);

            var close = Ok(await teacher.RunAsync("c", "close", "iris-cli", "--at", DateTime.UtcNow.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.StartsWith("iris-cli closes at ", close.Output, StringComparison.Ordinal);
            Assert.StartsWith("Revealed the private leaderboard of iris-cli at ", Ok(await teacher.RunAsync("c", "reveal", "iris-cli")).Output, StringComparison.Ordinal);
            var board = Ok(await member.RunAsync("c", "leaderboard", "iris-cli", "--private")).Output;
            Assert.Matches(new Regex(@"^1 +member +1 +participant ", RegexOptions.Multiline), board);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_bundle_with_a_label_leak_is_created_with_exit_1_and_cannot_be_published(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            using var admin = new CliUser(app);
            await admin.SignUpAndLoginAsync("leak-admin");
            var bundle = Iris("iris-leak");
            var labels = DraftBundles.SolutionLabels(bundle);
            var test = Path.Combine(bundle, "data", "test.csv");
            var (header, rows) = DraftBundles.ReadCsv(test);
            DraftBundles.WriteCsv(test, header, rows.OrderBy(r => labels[r[0]], StringComparer.Ordinal));
            var zip = Path.Combine(admin.Home, "iris-leak.zip");
            ZipFile.CreateFromDirectory(bundle, zip, CompressionLevel.Fastest, includeBaseDirectory: true);

            var create = await admin.RunAsync("c", "create", zip);
            var publish = await admin.RunAsync("c", "publish", "iris-leak");
            var delete = await admin.RunAsync("c", "delete", "iris-leak");

            Assert.True(create.Exit == 1, create.ToString());
            Assert.Matches(new Regex("^label-leak +error +.*sorted", RegexOptions.Multiline), create.Output);
            Assert.Equal("arena: the pre-publish report of iris-leak has 1 error: fix the bundle, `arena c delete iris-leak`, and create it again\n", create.Error);
            Assert.Equal(1, publish.Exit);
            Assert.StartsWith("arena: iris-leak was not published: its pre-publish report has 1 error;", publish.Error, StringComparison.Ordinal);
            Assert.Matches(new Regex("^label-leak: .*sorted", RegexOptions.Multiline), publish.Error);
            Assert.Equal("Deleted the draft iris-leak\n", Ok(delete).Output);
            Assert.Equal(1, (await admin.RunAsync("c", "checks", "iris-leak")).Exit);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_participant_is_refused_the_organizer_verbs_in_one_line(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("refusing-admin");
            using var participant = new CliUser(app);
            await participant.SignUpAndLoginAsync("participant");

            foreach (var args in new[]
            {
                new[] { "c", "publish", "binary" },
                ["c", "rescore", "binary"],
                ["references", "add", "binary", "--kind", "human", "--name", "Me", "--score", "1", "--source", "me"],
            })
            {
                var refused = await participant.RunAsync(args);
                Assert.True(refused.Exit == 1, refused.ToString());
                Assert.Equal("arena: forbidden: only this competition's organizers may do this\n", refused.Error);
                Assert.Equal("", refused.Output);
            }
            var missing = await participant.RunAsync("c", "rescore", "no-such-competition");
            Assert.Equal("arena: forbidden: only this competition's organizers may do this\n", missing.Error);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>Asserts exit 0, showing the whole result otherwise.</summary>
    static CliResult Ok(CliResult result)
    {
        Assert.True(result.Exit == 0, result.ToString());
        return result;
    }

    /// <summary>A copy of the iris bundle under a new slug, as an organizer would prepare it in a folder.</summary>
    static string Iris(string slug)
    {
        var copy = DraftBundles.Copy("iris");
        var yaml = Path.Combine(copy, "competition.yaml");
        File.WriteAllText(yaml, $"slug: {slug}\n" + File.ReadAllText(yaml));
        var target = Path.Combine(Path.GetDirectoryName(copy)!, slug);
        Directory.Move(copy, target);
        return target;
    }
}

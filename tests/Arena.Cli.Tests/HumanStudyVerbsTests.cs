using System.Text.Json.Nodes;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Humans;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Cli.Tests;

/// <summary>
/// <c>arena c human-study</c> end to end on the <c>humans-api</c> bundle (no study of its own): refusals that name the
/// field, set-up, export and import back, what a participant reads of the protocol and results while the competition
/// is open, the refused delete once someone answered, the CSV export and the close.
/// </summary>
public sealed class HumanStudyVerbsTests(PostgresCluster cluster) : IAsyncDisposable
{
    const string Slug = "humans-api";
    readonly string _bundles = HumanBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_organizer_runs_a_human_study_from_the_command_line(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            using var organizer = new CliUser(app);
            await organizer.SignUpAndLoginAsync("admin");
            using var participant = new CliUser(app);
            await participant.SignUpAndLoginAsync("reader");

            Assert.Contains("no human study for competition 'humans-api'", Failed(await organizer.RunAsync("c", "human-study", "show", Slug)).Error, StringComparison.Ordinal);
            Assert.Contains("sample: ", Failed(await organizer.RunAsync("c", "human-study", "create", Slug, "--sample", "10")).Error, StringComparison.Ordinal);
            Assert.Contains("aggregation: ", Failed(await organizer.RunAsync("c", "human-study", "create", Slug, "--aggregation", "majorityOfK")).Error, StringComparison.Ordinal);
            Assert.Contains("render: ", Failed(await organizer.RunAsync("c", "human-study", "create", Slug, "--render", "image:3x3")).Error, StringComparison.Ordinal);
            Assert.Contains("forbidden", Failed(await participant.RunAsync("c", "human-study", "create", Slug, "--sample", "50")).Error, StringComparison.Ordinal);

            var created = Ok(await organizer.RunAsync("c", "human-study", "create", Slug, "--sample", "50", "--practice", "10", "--seconds-per-item", "30",
                "--annotators-per-item", "1", "--aggregation", "bestIndividual", "--render", "text:note", "--seed", "5"));
            Assert.StartsWith($"Set up the human study of {Slug}: 50 test items, 10 practice, 1 per item, bestIndividual (provisional: fewer than 200 items)\n",
                created.Output, StringComparison.Ordinal);
            Assert.Matches("\nseed 5, split hash [0-9a-f]{64}\n$", created.Output);

            // Export, delete (nobody answered yet), import back: the same study.
            var record = Path.Combine(organizer.Home, "study.json");
            Ok(await organizer.RunAsync("c", "human-study", "export", Slug, "--format", "json", "-o", record));
            Assert.Contains("already has a human study", Failed(await organizer.RunAsync("c", "human-study", "import", Slug, record)).Error, StringComparison.Ordinal);
            Assert.Equal($"Deleted the human study of {Slug}\n", Ok(await organizer.RunAsync("c", "human-study", "delete", Slug)).Output);
            var broken = JsonNode.Parse(File.ReadAllText(record))!;
            broken["format"] = "something-else";
            var brokenFile = organizer.WriteFile("broken.json", broken.ToJsonString());
            Assert.Contains("format: ", Failed(await organizer.RunAsync("c", "human-study", "import", Slug, brokenFile)).Error, StringComparison.Ordinal);
            Assert.Equal($"Imported the human study of {Slug}: 50 test items, 0 answers from 0 annotators, status open\n",
                Ok(await organizer.RunAsync("c", "human-study", "import", Slug, record)).Output);

            var shown = Ok(await organizer.RunAsync("c", "human-study", "show", Slug)).Output;
            Assert.Contains("\nseed: 5\n", shown, StringComparison.Ordinal);
            Assert.Contains("\ntime limit: 30 s per item\n", shown, StringComparison.Ordinal);
            Assert.Matches("\nitem ids: (h\\d\\d ){49}h\\d\\d\n", shown);
            var seen = Ok(await participant.RunAsync("c", "human-study", "show", Slug)).Output;
            Assert.StartsWith("status: open (provisional: fewer than 200 items)\n", seen, StringComparison.Ordinal);
            Assert.Contains("\naggregation: bestIndividual\n", seen, StringComparison.Ordinal);
            foreach (var hidden in new[] { "seed:", "split hash:", "item ids:" }) Assert.DoesNotContain(hidden, seen, StringComparison.Ordinal);

            var annotator = await app.SignUpAsync("annotator");
            await annotator.JoinStudyAsync(Slug, "expert");
            var next = await annotator.PractiseAsync(Slug);
            var given = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                if (i > 0) next = await annotator.NextAsync(Slug);
                var id = HumanSteps.ItemId(next);
                await annotator.AnsweredAsync(Slug, id, HumanBundles.Label(id));
                given.Add(id);
            }

            var results = Ok(await organizer.RunAsync("c", "human-study", "results", Slug, "--csv")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("annotator,userName,expertise,sawTrainingData,practiceAccuracy,answered,assigned,accuracy,coverage", results[0]);
            Assert.Equal("Annotator 1,\"annotator\",expert,False,1,4,4,1,1", results[1]);
            var open = Ok(await participant.RunAsync("c", "human-study", "results", Slug)).Output;
            Assert.Matches(@"^100\.0% \[\d+\.\d%, 100\.0%\] \(95% Wilson\) on 4 of 50 items, 1 annotator, bestIndividual, open, provisional\n", open);
            Assert.DoesNotContain("Annotator 1", open, StringComparison.Ordinal);
            Assert.DoesNotContain("expertise", open, StringComparison.Ordinal);
            Assert.Equal(2, open.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the result and its coverage, no table
            Assert.All(given, id => Assert.DoesNotContain(id, open, StringComparison.Ordinal));

            Assert.Contains("has answers", Failed(await organizer.RunAsync("c", "human-study", "delete", Slug)).Error, StringComparison.Ordinal);
            var csv = Ok(await organizer.RunAsync("c", "human-study", "export", Slug, "--format", "csv")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("itemId,kind,annotator,userName,", csv[0], StringComparison.Ordinal);
            Assert.Equal(10 + given.Count, csv.Length - 1);
            Assert.Contains("forbidden", Failed(await participant.RunAsync("c", "human-study", "export", Slug)).Error, StringComparison.Ordinal);
            Assert.Contains("forbidden", Failed(await participant.RunAsync("c", "human-study", "close", Slug)).Error, StringComparison.Ordinal);

            Assert.Equal($"Closed the human study of {Slug}: 14 answers from 1 annotator\n", Ok(await organizer.RunAsync("c", "human-study", "close", Slug)).Output);
            Assert.StartsWith("status: closed", Ok(await participant.RunAsync("c", "human-study", "show", Slug)).Output, StringComparison.Ordinal);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static CliResult Ok(CliResult result)
    {
        Assert.True(result.Exit == 0, result.ToString());
        return result;
    }

    static CliResult Failed(CliResult result)
    {
        Assert.True(result.Exit != 0, result.ToString());
        return result;
    }
}

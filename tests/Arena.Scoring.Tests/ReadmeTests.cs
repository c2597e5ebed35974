using System.Text.RegularExpressions;
using Arena.Cli;
using Arena.Scoring.Metrics;

namespace Arena.Scoring.Tests;

/// <summary>The README's promises are checked, so the documentation cannot drift from the code.</summary>
public sealed partial class ReadmeTests
{
    static readonly string RepositoryRoot = FindRoot();

    [Fact]
    public void The_metric_table_lists_every_metric_with_its_direction()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        foreach (var metric in MetricCatalog.All)
        {
            var row = TableRow().Matches(readme).FirstOrDefault(m => m.Groups["name"].Value == metric.Name);
            Assert.True(row is not null, $"README has no table row for {metric.Name}");
            Assert.Equal(metric.HigherIsBetter ? "higher" : "lower", row.Groups["better"].Value);
        }
    }

    [Fact]
    public void The_offline_scoring_example_scores_the_shipped_benchmark()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var command = RunCommand().Match(readme);
        Assert.True(command.Success, "README has no 'dotnet run --project src/Arena.Cli -- ...' command");
        var args = command.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Contains('/', StringComparison.Ordinal) ? Path.Combine(RepositoryRoot, a) : a).ToArray();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = CommandLine.Run(ArenaCommand.Create(), args, output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("public", output.ToString(), StringComparison.Ordinal);
    }

    static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Arena.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| `(?<name>[^`]+)` \| [^|]+ \| (?<better>higher|lower) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"dotnet run --project src/Arena\.Cli -- (?<args>[^\n`]+)")]
    private static partial Regex RunCommand();
}

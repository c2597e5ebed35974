using Arena.Cli;

namespace Arena.Scoring.Tests;

/// <summary>Exit codes and output of <c>arena score</c> and <c>arena metrics</c> beyond the golden and malformed suites.</summary>
public sealed class CliTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("arena-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Metrics_lists_every_metric_with_direction_and_parameters()
    {
        var (exit, output, _) = Run("metrics");

        Assert.Equal(0, exit);
        foreach (var metric in Arena.Scoring.Metrics.MetricCatalog.All) Assert.Contains(metric.Name, output, StringComparison.Ordinal);
        Assert.Contains("map@k", output, StringComparison.Ordinal);
        Assert.Contains("k=10", output, StringComparison.Ordinal);
        Assert.Contains("eps=1E-15", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_prints_a_readable_table_without_json()
    {
        var (solution, submission) = Files("id,target,Usage\n1,1,Public\n2,0,Public\n3,1,Private\n4,0,Private\n", "id,target\n1,0.8\n2,0.3\n3,0.4\n4,0.6\n");
        var (exit, output, _) = Run("score", "--solution", solution, "--submission", submission, "--metric", "auc");

        Assert.Equal(0, exit);
        Assert.Contains("public   1 ", output, StringComparison.Ordinal);
        Assert.Contains("private  0 ", output, StringComparison.Ordinal);
        Assert.Contains("higher is better", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-metric", null, "unknown metric")]
    [InlineData("logloss", "eps=abc", "must be a number")]
    [InlineData("logloss", "epsilon=0.1", "has no parameter 'epsilon'")]
    [InlineData("map@k", "k=2.5", "whole number")]
    [InlineData("ndcg@k", "k=11", "between 1 and 10")]
    [InlineData("auc", "k=3", "takes no parameters")]
    [InlineData("auc", "oops", "key=value")]
    public void Usage_errors_exit_with_2(string metric, string? parameter, string expected)
    {
        var (solution, submission) = Files("id,target\n1,1\n2,0\n", "id,target\n1,0.8\n2,0.3\n");
        string[] args = ["score", "--solution", solution, "--submission", submission, "--metric", metric, .. parameter is null ? Array.Empty<string>() : ["--param", parameter]];

        var (exit, output, error) = Run(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_option_exits_with_2()
    {
        var (exit, _, error) = Run("score", "--metric", "auc");

        Assert.Equal(2, exit);
        Assert.Contains("--solution", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id,target\n1,1\n2,1\n", "both classes")]
    [InlineData("id,target\n1,1\n2,0.5\n", "0/1 labels")]
    [InlineData("id,target,Usage\n1,1,Public\n2,0,Hidden\n", "Usage must be Public, Private or Ignored")]
    [InlineData("id,target\n1,1\n1,0\n", "more than once")]
    public void A_bad_solution_exits_with_2_and_says_why(string solutionCsv, string expected)
    {
        var (solution, submission) = Files(solutionCsv, "id,target\n1,0.8\n2,0.3\n");
        var (exit, _, error) = Run("score", "--solution", solution, "--submission", submission, "--metric", "auc");

        Assert.Equal(2, exit);
        Assert.StartsWith("solution.csv: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_at_5_is_shorthand_for_map_at_k_with_k_5()
    {
        var (solution, submission) = Files("id,items\n1,a b\n2,c\n", "id,items\n1,x x x x a\n2,c\n");
        var (exit5, output5, _) = Run("score", "--solution", solution, "--submission", submission, "--metric", "map@5", "--json");
        var (exit4, output4, _) = Run("score", "--solution", solution, "--submission", submission, "--metric", "map@k", "--param", "k=4", "--json");

        Assert.Equal((0, 0), (exit5, exit4));
        Assert.Contains("\"public\":0.55", output5, StringComparison.Ordinal);
        Assert.Contains("\"public\":0.5,", output4, StringComparison.Ordinal);
    }

    (string Solution, string Submission) Files(string solution, string submission)
    {
        var s = Path.Combine(_folder, "solution.csv");
        var p = Path.Combine(_folder, "submission.csv");
        File.WriteAllText(s, solution);
        File.WriteAllText(p, submission);
        return (s, p);
    }

    static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CommandLine.Run(ArenaCommand.Create(), args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}

using System.Text.Json;
using Arena.Cli;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;

namespace Arena.Scoring.Tests;

/// <summary>Every metric reproduces scikit-learn 1.2.1 (see Golden/generate.py) within 1e-9 relative.</summary>
public sealed class GoldenTests
{
    const double RelativeTolerance = 1e-9;

    public static TheoryData<string> Cases() => [.. GoldenCase.Names()];

    [Fact]
    public void Every_metric_of_the_catalogue_has_a_golden_case()
    {
        var covered = GoldenCase.Names().Select(n => GoldenCase.Load(n).Metric).ToHashSet();
        var uncovered = MetricCatalog.All.Select(m => m.Name).Where(name => !covered.Contains(name)).ToList();
        Assert.True(uncovered.Count == 0, "metrics without a golden case: " + string.Join(", ", uncovered));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Library_reproduces_sklearn(string name)
    {
        var golden = GoldenCase.Load(name);
        var settings = MetricSettings.Create(MetricCatalog.Find(golden.Metric), golden.Params);
        var solution = Solution.Load(golden.SolutionPath, settings, golden.IdColumn);

        var outcome = Scorer.Score(solution, golden.SubmissionPath);

        Assert.True(outcome.IsScored, string.Join(Environment.NewLine, outcome.Errors));
        var result = outcome.Result!;
        AssertClose(golden.Public, result.Public, "public");
        AssertClose(golden.Private, result.Private, "private");
        Assert.Equal(new UsageCounts(golden.Rows.Public, golden.Rows.Private, golden.Rows.Ignored), result.Rows);
        Assert.Equal(ScorerInfo.Version, result.ScorerVersion);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cli_json_reproduces_sklearn(string name)
    {
        var golden = GoldenCase.Load(name);
        string[] args =
        [
            "score", "--solution", golden.SolutionPath, "--submission", golden.SubmissionPath, "--metric", golden.Metric,
            .. golden.CliParameters(), .. golden.IdColumn is null ? Array.Empty<string>() : ["--id-column", golden.IdColumn], "--json",
        ];
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = CommandLine.Run(ArenaCommand.Create(), args, output, error);

        Assert.True(exit == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(golden.Metric, root.GetProperty("metric").GetString());
        AssertClose(golden.Public, Number(root.GetProperty("public")), "public");
        AssertClose(golden.Private, Number(root.GetProperty("private")), "private");
        Assert.Equal(golden.Rows.Public, root.GetProperty("rows").GetProperty("public").GetInt32());
        Assert.Equal(golden.Rows.Private, root.GetProperty("rows").GetProperty("private").GetInt32());
        Assert.Equal(golden.Rows.Ignored, root.GetProperty("rows").GetProperty("ignored").GetInt32());
        Assert.Equal(ScorerInfo.Version, root.GetProperty("scorerVersion").GetString());
    }

    static double? Number(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetDouble();

    static void AssertClose(double? expected, double? actual, string which)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        var scale = Math.Max(Math.Abs(expected.Value), 1e-300);
        Assert.True(Math.Abs(actual.Value - expected.Value) <= RelativeTolerance * scale,
            $"{which}: expected {expected.Value:R}, got {actual.Value:R} (relative error {Math.Abs(actual.Value - expected.Value) / scale:E2})");
    }
}

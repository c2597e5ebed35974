using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Server.Drafts;

namespace Arena.Server.Tests.Drafts;

/// <summary>The Bootstrap API of Arena.Scoring, and hand-made drafts too small or too odd for the shipped bundles.</summary>
public sealed partial class PrePublishChecksTests
{
    [Fact]
    public void The_bootstrap_interval_holds_the_estimate_narrows_with_more_rows_and_repeats_with_its_seed()
    {
        var (small, smallPredictions) = Regression(40);
        var (large, largePredictions) = Regression(640);

        var a = Bootstrap.PublicInterval(small, smallPredictions, 500, seed: 7, cancellation: Cancellation);
        var again = Bootstrap.PublicInterval(small, smallPredictions, 500, seed: 7, cancellation: Cancellation);
        var b = Bootstrap.PublicInterval(large, largePredictions, 500, seed: 7, cancellation: Cancellation);

        Assert.Equal(a, again);
        Assert.InRange(a.Estimate, a.Low, a.High);
        Assert.InRange(b.Estimate, b.Low, b.High);
        Assert.True(b.Width < a.Width / 2, $"{b.Width} should be well under {a.Width}");
        Assert.Equal(0, a.Skipped);
    }

    [Fact]
    public void Bootstrap_resamples_that_draw_one_class_are_skipped_and_counted()
    {
        var solution = Solution.Load(CsvInput.FromText("id,target,Usage\n1,1,Public\n2,0,Public\n3,0,Public\n4,0,Public\n5,0,Public\n6,0,Public\n"),
            MetricSettings.Defaults(MetricCatalog.Find("auc")));
        var predictions = SubmissionReader.Read(solution, CsvInput.FromText("id,target\n1,0.9\n2,0.1\n3,0.95\n4,0.3\n5,0.2\n6,0.4\n")).Predictions!;

        var interval = Bootstrap.PublicInterval(solution, predictions, 1000, seed: 1, cancellation: Cancellation);

        // A resample misses the single positive with probability (5/6)^6, about 33%.
        Assert.InRange(interval.Skipped, 250, 420);
        Assert.InRange(interval.Estimate, interval.Low, interval.High);
    }

    /// <summary>An all-Public regression whose residuals cycle through -1, 0, 2: RMSE sqrt(5/3) in the limit.</summary>
    static (Solution, Predictions) Regression(int rows)
    {
        var ids = Enumerable.Range(1, rows).ToList();
        var solution = Solution.Load(CsvInput.FromText(string.Join('\n', ["id,target,Usage", .. ids.Select(i => $"{i},{i % 10},Public")])),
            MetricSettings.Defaults(MetricCatalog.Find("rmse")));
        int[] residuals = [-1, 0, 2];
        var submission = string.Join('\n', ["id,target", .. ids.Select(i => $"{i},{(i % 10) + residuals[i * 7 % 3]}")]);
        return (solution, SubmissionReader.Read(solution, CsvInput.FromText(submission)).Predictions!);
    }

    [Theory]
    [InlineData(9, 1, CheckSeverity.Ok)] // a shuffle puts the lone positive at an end one time in five: not judged
    [InlineData(30, 30, CheckSeverity.Error)]
    public void Sorted_test_rows_are_judged_only_when_a_shuffle_would_rarely_look_so(int negatives, int positives, CheckSeverity expected)
    {
        var targets = Enumerable.Repeat(0, negatives).Concat(Enumerable.Repeat(1, positives)).ToList();
        var report = PrePublishChecks.Run(Synthetic("accuracy", targets, id => id % 2 == 0 ? "Public" : "Private"), Cancellation);
        Print(report);

        var order = Assert.Single(report.For(CheckCodes.LabelLeak), i => i.Message.StartsWith("test.csv row order", StringComparison.Ordinal) || i.Severity == CheckSeverity.Error);
        Assert.Equal(expected, order.Severity);
    }

    /// <summary>
    /// A draft with ids 1..n in order, the given targets, a test feature unrelated to them and a constant sample
    /// submission; no train file and no benchmark.
    /// </summary>
    static CheckInput Synthetic(string metric, IReadOnlyList<int> targets, Func<int, string> usage)
    {
        var folder = Directory.CreateTempSubdirectory("arena-draft-").FullName;
        var ids = Enumerable.Range(1, targets.Count).ToList();
        File.WriteAllLines(Path.Combine(folder, "solution.csv"), ["id,target,Usage", .. ids.Select(i => $"{i},{targets[i - 1]},{usage(i)}")]);
        File.WriteAllLines(Path.Combine(folder, "test.csv"), ["id,x", .. ids.Select(i => $"{i},{i % 4 + 0.5}")]);
        File.WriteAllLines(Path.Combine(folder, "sample.csv"), ["id,target", .. ids.Select(i => $"{i},0.5")]);
        return new CheckInput(Path.Combine(folder, "solution.csv"), MetricSettings.Defaults(MetricCatalog.Find(metric)), "id",
            null, Path.Combine(folder, "test.csv"), Path.Combine(folder, "sample.csv"), []);
    }
}

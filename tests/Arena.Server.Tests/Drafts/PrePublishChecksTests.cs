using Arena.Server.Drafts;

namespace Arena.Server.Tests.Drafts;

public sealed partial class PrePublishChecksTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("breast-cancer")]
    [InlineData("iris")]
    [InlineData("wine")]
    [InlineData("diabetes")]
    [InlineData("digits")]
    public void Every_shipped_bundle_passes_without_errors(string slug)
    {
        var report = Run(DraftBundles.Folder(slug));

        Assert.False(report.HasErrors, string.Join("\n", report.Items.Where(i => i.Severity == CheckSeverity.Error)));
        foreach (var check in new[] { CheckCodes.Ids, CheckCodes.UsageRatio, CheckCodes.Stability, CheckCodes.DryRun, CheckCodes.LabelLeak, CheckCodes.ValueRange })
            Assert.NotEmpty(report.For(check));
        Assert.Equal(3, report.For(CheckCodes.LabelLeak).Count()); // test.csv order, test.csv columns, train.csv columns
    }

    [Fact]
    public void Test_rows_sorted_or_grouped_by_the_label_are_a_leak()
    {
        var bundle = DraftBundles.Copy("iris");
        var labels = DraftBundles.SolutionLabels(bundle);
        var test = Path.Combine(bundle, "data", "test.csv");
        var (header, rows) = DraftBundles.ReadCsv(test);

        DraftBundles.WriteCsv(test, header, rows.OrderBy(r => labels[r[0]], StringComparer.Ordinal));
        Assert.Contains(Run(bundle).For(CheckCodes.LabelLeak), i => i.Severity == CheckSeverity.Error && i.Message.Contains("sorted", StringComparison.Ordinal));

        string[] classOrder = ["versicolor", "setosa", "virginica"];
        DraftBundles.WriteCsv(test, header, rows.OrderBy(r => Array.IndexOf(classOrder, labels[r[0]])));
        Assert.Contains(Run(bundle).For(CheckCodes.LabelLeak), i => i.Severity == CheckSeverity.Error && i.Message.Contains("grouped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_test_column_equal_to_the_label_is_named()
    {
        var bundle = DraftBundles.Copy("breast-cancer");
        var labels = DraftBundles.SolutionLabels(bundle);
        var test = Path.Combine(bundle, "data", "test.csv");
        var (header, rows) = DraftBundles.ReadCsv(test);
        // Written as 0.0/1.0: equal to the 0/1 label as numbers, not as text.
        DraftBundles.WriteCsv(test, [.. header, "diagnosis_code"], rows.Select(r => (string[])[.. r, labels[r[0]] + ".0"]));

        var leak = Assert.Single(Run(bundle).For(CheckCodes.LabelLeak), i => i.Severity == CheckSeverity.Error);
        Assert.Contains("test.csv", leak.Message, StringComparison.Ordinal);
        Assert.Contains("'diagnosis_code'", leak.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_train_feature_equal_to_the_train_label_is_named()
    {
        var bundle = DraftBundles.Copy("breast-cancer");
        var train = Path.Combine(bundle, "data", "train.csv");
        var test = Path.Combine(bundle, "data", "test.csv");
        var (trainHeader, trainRows) = DraftBundles.ReadCsv(train);
        var (testHeader, testRows) = DraftBundles.ReadCsv(test);
        DraftBundles.WriteCsv(train, [.. trainHeader, "lab_flag"], trainRows.Select(r => (string[])[.. r, r[^1]]));
        DraftBundles.WriteCsv(test, [.. testHeader, "lab_flag"], testRows.Select(r => (string[])[.. r, "0"]));

        var leak = Assert.Single(Run(bundle).For(CheckCodes.LabelLeak), i => i.Severity == CheckSeverity.Error);
        Assert.Contains("train.csv", leak.Message, StringComparison.Ordinal);
        Assert.Contains("'lab_flag'", leak.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_that_differ_from_the_solution_are_counted_with_examples()
    {
        var bundle = DraftBundles.Copy("iris");
        var test = Path.Combine(bundle, "data", "test.csv");
        var (header, rows) = DraftBundles.ReadCsv(test);
        DraftBundles.WriteCsv(test, header, rows.Skip(1));
        File.AppendAllText(Path.Combine(bundle, "data", "sample_submission.csv"), "9999,setosa\n");

        var errors = Run(bundle).For(CheckCodes.Ids).Where(i => i.Severity == CheckSeverity.Error).ToList();

        var inTest = Assert.Single(errors, e => e.Message.StartsWith("test.csv", StringComparison.Ordinal));
        Assert.Equal(1, inTest.Details!["missing"]);
        Assert.Equal([rows[0][0]], (List<string>)inTest.Details["missingExamples"]!);
        Assert.Equal(0, inTest.Details["extra"]);
        var inSample = Assert.Single(errors, e => e.Message.StartsWith("sample_submission.csv", StringComparison.Ordinal));
        Assert.Equal(1, inSample.Details!["extra"]);
        Assert.Equal(["9999"], (List<string>)inSample.Details["extraExamples"]!);
        Assert.Equal(0, inSample.Details["missing"]);
    }

    [Theory]
    [InlineData(5, CheckSeverity.Warning)]
    [InlineData(0, CheckSeverity.Error)]
    [InlineData(30, CheckSeverity.Ok)]
    [InlineData(60, CheckSeverity.Warning)]
    public void The_public_share_is_judged(int publicRows, CheckSeverity expected)
    {
        var targets = Enumerable.Range(1, 100).Select(id => id * 7 % 13).ToList();
        var input = Synthetic("rmse", targets, id => id <= publicRows ? "Public" : "Private");

        var report = PrePublishChecks.Run(input, Cancellation);
        Print(report);

        var usage = Assert.Single(report.For(CheckCodes.UsageRatio));
        Assert.Equal(expected, usage.Severity);
        Assert.Equal(publicRows, usage.Details!["public"]);
    }

    [Fact]
    public void A_benchmark_with_a_bad_line_fails_the_dry_run_naming_the_line()
    {
        var bundle = DraftBundles.Copy("iris");
        var broken = Path.Combine(bundle, "benchmarks", "broken.csv");
        var lines = File.ReadAllLines(Path.Combine(bundle, "benchmarks", "sdca_maximum_entropy.csv"));
        lines[4] += ",extra";
        File.WriteAllLines(broken, lines);
        var input = CheckInput.FromBundle(bundle);

        var report = PrePublishChecks.Run(input with { BenchmarkFiles = [.. input.BenchmarkFiles, ("Broken model", broken)] }, Cancellation);
        Print(report);

        var error = Assert.Single(report.For(CheckCodes.DryRun), i => i.Severity == CheckSeverity.Error);
        Assert.StartsWith("Broken model:", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
        var first = ((IEnumerable<Dictionary<string, object?>>)error.Details!["errors"]!).First();
        Assert.Equal(5L, first["line"]);
        Assert.Equal("field_count", first["code"]);
    }

    static CheckReport Run(string bundle)
    {
        var report = PrePublishChecks.Run(CheckInput.FromBundle(bundle), Cancellation);
        Print(report);
        return report;
    }

    static void Print(CheckReport report)
    {
        foreach (var item in report.Items) TestContext.Current.TestOutputHelper?.WriteLine(item.ToString());
    }
}

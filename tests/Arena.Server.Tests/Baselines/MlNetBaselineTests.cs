using System.Diagnostics;
using System.Globalization;
using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Server.Baselines;
using Arena.Server.Bundles;

namespace Arena.Server.Tests.Baselines;

/// <summary>The baseline trained on each real bundle, scored by the real scorer against the bundle's hidden solution.</summary>
public sealed class MlNetBaselineTests : IDisposable
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    static readonly string Competitions = Path.Combine(FindRoot(), "competitions");

    readonly string _folder = Directory.CreateTempSubdirectory("arena-baseline-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("breast-cancer")]
    [InlineData("iris")]
    [InlineData("wine")]
    [InlineData("diabetes")]
    [InlineData("digits")]
    public void The_baseline_beats_the_sample_submission_on_Public_and_Private(string slug)
    {
        var (output, _) = AssertBeatsTheSample(slug);

        Assert.Equal(Column(Path.Combine(Competitions, slug, "data", "test.csv"), 0), Column(output, 0));
        Assert.Equal(File.ReadLines(Path.Combine(Competitions, slug, "data", "sample_submission.csv")).First(), File.ReadLines(output).First());
    }

    /// <summary>Threshold metrics and accuracy on 0/1 labels get the predicted label; logloss gets the probability.</summary>
    [Theory]
    [InlineData("f1", true)]
    [InlineData("accuracy", true)]
    [InlineData("balanced_accuracy", true)]
    [InlineData("logloss", false)]
    public void Other_binary_metrics_get_the_answer_they_score(string metric, bool label)
    {
        var (output, score) = AssertBeatsTheSample("breast-cancer", MetricSettings.Defaults(MetricCatalog.Find(metric)));

        var values = Column(output, 1);
        if (label) Assert.All(values, v => Assert.True(v is "0" or "1", v));
        else Assert.All(values, v => Assert.InRange(double.Parse(v, CultureInfo.InvariantCulture), 0, 1));
        Assert.Equal(!label, values.Any(v => v is not "0" and not "1"));
        // FastTree's own, uncalibrated probabilities scored 0.41 and 0.42 here.
        if (metric == "logloss") Assert.True(score.Public < 0.3 && score.Private < 0.3, $"log-loss {score.Public} / {score.Private}");
    }

    [Fact]
    public void Two_runs_write_identical_files()
    {
        var bundle = Path.Combine(Competitions, "breast-cancer");
        var input = Input(bundle, "id", MetricCatalog.Find("auc"));
        MlNetBaseline.Train(input, Path.Combine(_folder, "first.csv"), Cancellation);
        MlNetBaseline.Train(input, Path.Combine(_folder, "second.csv"), Cancellation);

        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "first.csv")), File.ReadAllBytes(Path.Combine(_folder, "second.csv")));
    }

    [Fact]
    public void A_ranking_metric_has_no_baseline()
    {
        var input = Input(Path.Combine(Competitions, "iris"), "id", MetricCatalog.Find("map@k"));

        var error = Assert.Throws<BaselineException>(() => MlNetBaseline.Train(input, Path.Combine(_folder, "out.csv"), Cancellation));

        Assert.Contains("ranking metrics", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "out.csv")));
    }

    [Fact]
    public void A_non_numeric_feature_is_named_by_file_line_and_column()
    {
        var input = Write(train: Rows("id,x,y", 40, i => $"{i},{i % 7},{i % 2}"),
            test: "id,x\n100,1\n101,abc\n", sample: "id,y\n100,0.5\n101,0.5\n", "auc");

        var error = Assert.Throws<BaselineException>(() => MlNetBaseline.Train(input, Path.Combine(_folder, "out.csv"), Cancellation));

        Assert.Equal("test.csv, line 3, column 'x': 'abc' is not a number; every feature must be numeric", error.Message);
    }

    [Fact]
    public void A_probability_column_that_names_no_class_is_refused()
    {
        var input = Write(train: Rows("id,x,digit", 40, i => $"{i},{i % 5},{i % 3}"),
            test: "id,x\n100,1\n", sample: "id,digit_0,digit_1,digit_7\n100,0.3,0.3,0.4\n", "multiclass_logloss");

        var error = Assert.Throws<BaselineException>(() => MlNetBaseline.Train(input, Path.Combine(_folder, "out.csv"), Cancellation));

        Assert.Contains("column 'digit_7' names no class of train.csv's label column 'digit'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_cells_are_missing_values_and_the_id_goes_where_the_sample_puts_it()
    {
        var input = Write(train: Rows("id,a,b,y", 60, i => $"{i},{(i % 4 == 0 ? "" : i % 10)},{i % 3},{(2 * (i % 10)) + (i % 3)}"),
            test: "id,a,b\nz,,1\nb,3,\na,7,2\n", sample: "y,id\n0,z\n0,b\n0,a\n", "rmse");
        var output = Path.Combine(_folder, "out.csv");

        MlNetBaseline.Train(input, output, Cancellation);

        var lines = File.ReadAllLines(output);
        Assert.Equal(["y,id", "z", "b", "a"], [lines[0], .. lines.Skip(1).Select(l => l.Split(',')[1])]);
        Assert.All(lines.Skip(1), l => Assert.True(double.IsFinite(double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)), l));
    }

    /// <summary>
    /// Trains into a temporary file and asserts that both splits score better than the sample submission, under the
    /// bundle's metric or the one given; returns the file and its scores.
    /// </summary>
    (string Output, ScoreResult Score) AssertBeatsTheSample(string slug, MetricSettings? settings = null)
    {
        var bundle = Path.Combine(Competitions, slug);
        var manifest = BundleManifest.Parse(File.ReadAllText(Path.Combine(bundle, "competition.yaml")), slug);
        settings ??= ResolveMetric(manifest);
        var idColumn = manifest.IdColumn!;
        var output = Path.Combine(_folder, $"{slug}-{settings.Metric.Name}.csv");

        var clock = Stopwatch.StartNew();
        var result = MlNetBaseline.Train(Input(bundle, idColumn, settings.Metric), output, Cancellation);
        clock.Stop();

        var solution = Solution.Load(Path.Combine(bundle, manifest.Solution), settings, idColumn);
        var baseline = Score(solution, output);
        var sample = Score(solution, Path.Combine(bundle, "data", "sample_submission.csv"));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{slug} ({settings.Metric.Name}): {result.Name} public {baseline.Public:R} private {baseline.Private:R} in {clock.ElapsedMilliseconds} ms; " +
            $"sample public {sample.Public:R} private {sample.Private:R}");
        Assert.True(Better(settings.Metric, baseline.Public!.Value, sample.Public!.Value), $"Public: baseline {baseline.Public} vs sample {sample.Public}");
        Assert.True(Better(settings.Metric, baseline.Private!.Value, sample.Private!.Value), $"Private: baseline {baseline.Private} vs sample {sample.Private}");
        Assert.False(string.IsNullOrWhiteSpace(result.Method));
        return (output, baseline);
    }

    static BaselineInput Input(string bundle, string idColumn, Metric metric) => new(
        Path.Combine(bundle, "data", "train.csv"), Path.Combine(bundle, "data", "test.csv"),
        Path.Combine(bundle, "data", "sample_submission.csv"), idColumn, metric);

    BaselineInput Write(string train, string test, string sample, string metric)
    {
        File.WriteAllText(Path.Combine(_folder, "train.csv"), train);
        File.WriteAllText(Path.Combine(_folder, "test.csv"), test);
        File.WriteAllText(Path.Combine(_folder, "sample_submission.csv"), sample);
        return new BaselineInput(Path.Combine(_folder, "train.csv"), Path.Combine(_folder, "test.csv"),
            Path.Combine(_folder, "sample_submission.csv"), "id", MetricCatalog.Find(metric));
    }

    static string Rows(string header, int count, Func<int, string> row) =>
        string.Join('\n', [header, .. Enumerable.Range(1, count).Select(row)]) + "\n";

    /// <summary>As the bundle importer resolves it: the catalogue's metric with competition.yaml's parameters.</summary>
    static MetricSettings ResolveMetric(BundleManifest manifest)
    {
        Assert.True(MetricCatalog.TryFind(manifest.Metric, out var metric, out var implied), manifest.Metric);
        return MetricSettings.Create(metric, new Dictionary<string, string>(implied.Concat(manifest.MetricParameters)));
    }

    static ScoreResult Score(Solution solution, string path)
    {
        var outcome = Scorer.Score(solution, path);
        Assert.True(outcome.IsScored, $"{Path.GetFileName(path)}: {string.Join("; ", outcome.Errors)}");
        return outcome.Result!;
    }

    static bool Better(Metric metric, double score, double than) => metric.HigherIsBetter ? score > than : score < than;

    static string[] Column(string csv, int index) => [.. File.ReadLines(csv).Skip(1).Select(l => l.Split(',')[index])];

    static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Arena.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}

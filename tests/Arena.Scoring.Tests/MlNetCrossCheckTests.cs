using System.Globalization;
using System.Text;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Arena.Scoring.Tests;

/// <summary>
/// ML.NET's evaluators as an independent check of every metric they share with us. They compute in float32, so the
/// tolerance is float32's; log-loss is compared after changing ML.NET's base-2 value to natural log, on probabilities
/// kept away from 0 and 1 (ML.NET does not clip). Values near the 0.5 threshold are avoided because ML.NET thresholds
/// Score &gt; 0 where we use p &gt;= 0.5.
/// </summary>
public sealed class MlNetCrossCheckTests
{
    const double Float32Tolerance = 2e-5;
    readonly MLContext _ml = new(seed: 0);

    [Theory]
    [InlineData(11, 2000)]
    [InlineData(12, 20000)]
    public void Binary_metrics_agree_with_MlNet(int seed, int rows)
    {
        var (labels, probabilities) = BinaryData(seed, rows);
        var data = _ml.Data.LoadFromEnumerable(labels.Select((y, i) => new BinaryRow
        {
            Label = y == 1,
            Score = (float)(probabilities[i] - 0.5),
            Probability = (float)probabilities[i],
            PredictedLabel = probabilities[i] >= 0.5,
        }));
        var mlnet = _ml.BinaryClassification.Evaluate(data);

        var submission = Csv("target", labels.Select(y => y.ToString(CultureInfo.InvariantCulture)), probabilities);
        double Ours(string metric) => ScoreAll(metric, submission.Solution, submission.Submission);

        AssertClose(mlnet.AreaUnderRocCurve, Ours("auc"));
        AssertClose(mlnet.Accuracy, Ours("accuracy"));
        AssertClose(mlnet.F1Score, Ours("f1"));
        AssertClose(mlnet.PositivePrecision, Ours("precision"));
        AssertClose(mlnet.PositiveRecall, Ours("recall"));
        AssertClose(mlnet.LogLoss * Math.Log(2), Ours("logloss"));
    }

    [Theory]
    [InlineData(21, 3000)]
    [InlineData(22, 30000)]
    public void Regression_metrics_agree_with_MlNet(int seed, int rows)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, rows).Select(_ => 50 + (20 * Gaussian(random))).ToArray();
        var predicted = truth.Select(y => y + (8 * Gaussian(random))).ToArray();
        // Round through float32 first so that both sides see the same numbers.
        truth = [.. truth.Select(v => (double)(float)v)];
        predicted = [.. predicted.Select(v => (double)(float)v)];
        var data = _ml.Data.LoadFromEnumerable(truth.Select((y, i) => new RegressionRow { Label = (float)y, Score = (float)predicted[i] }));
        var mlnet = _ml.Regression.Evaluate(data);

        var files = Csv("target", truth.Select(v => v.ToString("R", CultureInfo.InvariantCulture)), predicted);
        AssertClose(mlnet.MeanAbsoluteError, ScoreAll("mae", files.Solution, files.Submission));
        AssertClose(mlnet.RootMeanSquaredError, ScoreAll("rmse", files.Solution, files.Submission));
        AssertClose(mlnet.MeanSquaredError, ScoreAll("mse", files.Solution, files.Submission));
        AssertClose(mlnet.RSquared, ScoreAll("r2", files.Solution, files.Submission));
    }

    [Fact]
    public void Multiclass_accuracy_and_balanced_accuracy_agree_with_MlNet()
    {
        const int rows = 5000, classes = 4;
        var random = new Random(31);
        var truth = Enumerable.Range(0, rows).Select(_ => random.Next(classes) == 0 ? 0 : random.Next(classes)).ToArray();
        var predicted = truth.Select(y => random.NextDouble() < 0.7 ? y : random.Next(classes)).ToArray();
        var data = _ml.Data.LoadFromEnumerable(truth.Select((y, i) => new MulticlassRow
        {
            Label = (uint)y, // the class index, the same as its Score slot
            PredictedLabel = (uint)predicted[i],
            Score = [.. Enumerable.Range(0, classes).Select(c => c == predicted[i] ? 0.7f : 0.1f)],
        }), MulticlassRow.Schema(classes));
        var mlnet = _ml.MulticlassClassification.Evaluate(data);

        var labels = truth.Select(y => $"class{y}");
        var solution = "id,label\n" + string.Concat(labels.Select((l, i) => $"{i},{l}\n"));
        var submission = "id,label\n" + string.Concat(predicted.Select((p, i) => $"{i},class{p}\n"));
        AssertClose(mlnet.MicroAccuracy, ScoreAll("accuracy", solution, submission));
        AssertClose(mlnet.MacroAccuracy, ScoreAll("balanced_accuracy", solution, submission));
    }

    static (int[] Labels, double[] Probabilities) BinaryData(int seed, int rows)
    {
        var random = new Random(seed);
        var labels = new int[rows];
        var probabilities = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            labels[i] = random.NextDouble() < 0.35 ? 1 : 0;
            double p;
            do
            {
                p = 1 / (1 + Math.Exp(-((labels[i] * 1.5) - 0.75 + Gaussian(random))));
            }
            while (Math.Abs(p - 0.5) < 1e-4 || p < 1e-3 || p > 1 - 1e-3);
            // float32 values, so that ties and thresholds look the same to ML.NET and to us.
            probabilities[i] = (float)p;
        }
        return (labels, probabilities);
    }

    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    static (string Solution, string Submission) Csv(string column, IEnumerable<string> truth, double[] predicted)
    {
        var solution = new StringBuilder($"id,{column}\n");
        var submission = new StringBuilder($"id,{column}\n");
        var i = 0;
        foreach (var value in truth)
        {
            solution.Append(CultureInfo.InvariantCulture, $"{i},{value}\n");
            submission.Append(CultureInfo.InvariantCulture, $"{i},{predicted[i]:R}\n");
            i++;
        }
        return (solution.ToString(), submission.ToString());
    }

    static double ScoreAll(string metric, string solutionCsv, string submissionCsv)
    {
        var solution = Solution.Load(CsvInput.FromText(solutionCsv), MetricSettings.Defaults(MetricCatalog.Find(metric)));
        var outcome = Scorer.Score(solution, CsvInput.FromText(submissionCsv));
        Assert.True(outcome.IsScored, string.Join("; ", outcome.Errors));
        return outcome.Result!.Public!.Value;
    }

    static void AssertClose(double mlnet, double ours) =>
        Assert.True(Math.Abs(mlnet - ours) <= Float32Tolerance * Math.Max(1, Math.Abs(mlnet)), $"ML.NET {mlnet:R}, Arena {ours:R}");

#pragma warning disable CA1051, CA1812 // ML.NET binds public fields of rows it reads
    sealed class BinaryRow
    {
        public bool Label;
        public float Score;
        public float Probability;
        public bool PredictedLabel;
    }

    sealed class RegressionRow
    {
        public float Label;
        public float Score;
    }

    sealed class MulticlassRow
    {
        public uint Label;
        public uint PredictedLabel;
        public float[] Score = [];

        public static SchemaDefinition Schema(int classes)
        {
            var schema = SchemaDefinition.Create(typeof(MulticlassRow));
            schema[nameof(Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
            schema[nameof(PredictedLabel)].ColumnType = new KeyDataViewType(typeof(uint), classes);
            schema[nameof(Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
            return schema;
        }
    }
#pragma warning restore CA1051, CA1812
}

namespace Arena.Scoring.Metrics;

/// <summary>Metrics on 0/1 labels that read the submitted score directly.</summary>
internal abstract class BinaryMetric : Metric
{
    public override MetricTask Task => MetricTask.Binary;
    public override ValueShape TruthShape => ValueShape.Number;
    internal override bool TruthIsBinary => true;

    internal override string? CheckTruth(Truth truth, ReadOnlySpan<int> rows)
    {
        var positives = 0;
        foreach (var row in rows) if (truth.Numbers![row] == 1) positives++;
        return positives == 0 || positives == rows.Length
            ? $"{Name} needs both classes among the scored rows, but one set of rows has only {(positives == 0 ? "0" : "1")}s"
            : null;
    }
}

internal sealed class AucMetric : BinaryMetric
{
    public override string Name => "auc";
    public override bool HigherIsBetter => true;
    public override string Definition =>
        "Area under the ROC curve of the submitted scores against 0/1 labels, computed as sklearn's roc_auc_score: " +
        "the probability that a random positive scores above a random negative, with ties counted as one half. Any finite score is accepted.";

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var (positives, negatives) = BinaryRanking.SortedScores(truth.Numbers!, predictions.Numbers!, rows);
        return BinaryRanking.Auc(positives, negatives);
    }
}

internal sealed class AveragePrecisionMetric : BinaryMetric
{
    public override string Name => "average_precision";
    public override bool HigherIsBetter => true;
    public override string Definition =>
        "Average precision as sklearn's average_precision_score: the sum over distinct score thresholds of the recall gained " +
        "times the precision at that threshold (no interpolation). Any finite score is accepted.";

    internal override string? CheckTruth(Truth truth, ReadOnlySpan<int> rows)
    {
        foreach (var row in rows) if (truth.Numbers![row] == 1) return null;
        return "average_precision needs at least one positive among the scored rows";
    }

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var (positives, negatives) = BinaryRanking.SortedScores(truth.Numbers!, predictions.Numbers!, rows);
        return BinaryRanking.AveragePrecision(positives, negatives);
    }
}

internal sealed class LogLossMetric : BinaryMetric
{
    public override string Name => "logloss";
    public override bool HigherIsBetter => false;
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
        [new("eps", 1e-15, "probabilities are clipped to [eps, 1-eps] (Kaggle's rule)", 1e-300, 0.1)];
    internal override bool PredictionsAreProbabilities => true;
    internal override string? CheckTruth(Truth truth, ReadOnlySpan<int> rows) => null;

    public override string Definition =>
        "Binary cross-entropy in natural log: the mean of -log(p) over positives and -log(1-p) over negatives, with p the " +
        "submitted probability of class 1 clipped to [eps, 1-eps] (eps=1e-15 by default, Kaggle's rule), as sklearn's log_loss(eps=...).";

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var eps = settings["eps"];
        var sum = new AccurateSum();
        foreach (var row in rows)
        {
            var p = Math.Clamp(predictions.Numbers![row], eps, 1 - eps);
            var q = 1 - p;
            // sklearn renormalises the two columns [1-p, p] after clipping; their sum can differ from 1 by an ulp.
            var probability = (truth.Numbers![row] == 1 ? p : q) / (q + p);
            sum.Add(-Math.Log(probability));
        }
        return sum.Value / rows.Length;
    }
}

/// <summary>F1, precision, recall and MCC on predictions thresholded at <c>threshold</c> (default 0.5, inclusive).</summary>
internal sealed class ThresholdMetric(string name, string definition, Func<ConfusionCounts, double> formula) : BinaryMetric
{
    public override string Name => name;
    public override bool HigherIsBetter => true;
    public override string Definition => definition + " A submitted value counts as positive when it is at least `threshold` (default 0.5), so 0/1 labels and probabilities both work.";
    public override IReadOnlyList<MetricParameter> Parameters { get; } = [ThresholdParameter];
    internal override string? CheckTruth(Truth truth, ReadOnlySpan<int> rows) => null;

    internal static readonly MetricParameter ThresholdParameter =
        new("threshold", 0.5, "a submitted value at or above it predicts class 1", double.MinValue, double.MaxValue);

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings) =>
        formula(ConfusionCounts.Count(truth.Numbers!, predictions.Numbers!, rows, settings["threshold"]));
}

internal readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public static ConfusionCounts Count(double[] truth, double[] scores, ReadOnlySpan<int> rows, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var row in rows)
        {
            var predicted = scores[row] >= threshold;
            if (truth[row] == 1) { if (predicted) tp++; else fn++; }
            else if (predicted) fp++;
            else tn++;
        }
        return new(tp, fp, tn, fn);
    }

    public double Accuracy() => (TruePositives + TrueNegatives) / (double)Total;

    // sklearn's zero_division default yields 0 where a ratio is 0/0.
    public double Precision() => TruePositives + FalsePositives == 0 ? 0 : TruePositives / (double)(TruePositives + FalsePositives);

    public double Recall() => TruePositives + FalseNegatives == 0 ? 0 : TruePositives / (double)(TruePositives + FalseNegatives);

    public double F1() => FScore.F1(TruePositives, FalsePositives, FalseNegatives);

    /// <summary>sklearn's matthews_corrcoef from the confusion matrix; 0 when a marginal is constant.</summary>
    public double Mcc()
    {
        double n = Total;
        double trueYes = TruePositives + FalseNegatives, trueNo = TrueNegatives + FalsePositives;
        double predYes = TruePositives + FalsePositives, predNo = TrueNegatives + FalseNegatives;
        var covTruePred = ((TruePositives + TrueNegatives) * n) - ((trueYes * predYes) + (trueNo * predNo));
        var covPredPred = (n * n) - ((predYes * predYes) + (predNo * predNo));
        var covTrueTrue = (n * n) - ((trueYes * trueYes) + (trueNo * trueNo));
        return covPredPred * covTrueTrue == 0 ? 0 : covTruePred / Math.Sqrt(covTrueTrue * covPredPred);
    }
}

internal static class FScore
{
    /// <summary>sklearn's F1 via precision and recall (2PR/(P+R)), 0 when undefined.</summary>
    public static double F1(long truePositives, long falsePositives, long falseNegatives)
    {
        if (truePositives == 0) return 0;
        var precision = truePositives / (double)(truePositives + falsePositives);
        var recall = truePositives / (double)(truePositives + falseNegatives);
        return 2 * precision * recall / (precision + recall);
    }
}

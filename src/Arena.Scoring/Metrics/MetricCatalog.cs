using System.Globalization;

namespace Arena.Scoring.Metrics;

/// <summary>Every metric Arena scores with, by canonical name.</summary>
public static class MetricCatalog
{
    public static IReadOnlyList<Metric> All { get; } =
    [
        new AucMetric(),
        new LogLossMetric(),
        new AveragePrecisionMetric(),
        new AccuracyMetric(),
        new ThresholdMetric("f1", "F1 score of class 1, as sklearn's f1_score: 2PR/(P+R), 0 when there is no true positive.", c => c.F1()),
        new ThresholdMetric("precision", "Precision of class 1, as sklearn's precision_score: TP/(TP+FP), 0 when nothing is predicted positive.", c => c.Precision()),
        new ThresholdMetric("recall", "Recall of class 1, as sklearn's recall_score: TP/(TP+FN).", c => c.Recall()),
        new ThresholdMetric("mcc", "Matthews correlation coefficient, as sklearn's matthews_corrcoef; 0 when a row or column of the confusion matrix is empty.", c => c.Mcc()),
        new LabelMetric("balanced_accuracy", "The mean over classes of per-class recall, as sklearn's balanced_accuracy_score; only classes that occur in the true labels count.", LabelMetric.BalancedAccuracy),
        new LabelMetric("macro_f1", "The unweighted mean of per-class F1, as sklearn's f1_score(average=\"macro\"), over every label that occurs in the true or the predicted labels.", LabelMetric.MacroF1),
        new LabelMetric("weighted_f1", "The mean of per-class F1 weighted by each class's true count, as sklearn's f1_score(average=\"weighted\").", LabelMetric.WeightedF1),
        new QuadraticKappaMetric(),
        new MulticlassLogLossMetric(),
        new MeanErrorMetric("rmse", "Root mean squared error: sqrt(mean((y - p)^2)).", MeanErrorMetric.Squared, squareRoot: true),
        new MeanErrorMetric("mse", "Mean squared error: mean((y - p)^2), as sklearn's mean_squared_error.", MeanErrorMetric.Squared),
        new MeanErrorMetric("mae", "Mean absolute error: mean(|y - p|), as sklearn's mean_absolute_error.", MeanErrorMetric.Absolute),
        new R2Metric(),
        new MeanErrorMetric("rmsle", "Root mean squared logarithmic error: sqrt(mean((log(1+y) - log(1+p))^2)), as sklearn's mean_squared_log_error followed by a square root; values must not be negative.", MeanErrorMetric.SquaredLog, squareRoot: true, logarithmic: true),
        new MeanErrorMetric("mape", "Mean absolute percentage error as a fraction, as sklearn's mean_absolute_percentage_error: mean(|y - p| / max(|y|, 2.22e-16)).", MeanErrorMetric.AbsolutePercentage),
        new MapAtKMetric(),
        new NdcgAtKMetric(),
    ];

    /// <summary>Finds a metric by name, case-insensitively. <c>map@5</c> is shorthand for <c>map@k</c> with k=5.</summary>
    public static bool TryFind(string name, out Metric metric, out IReadOnlyDictionary<string, string> impliedParameters)
    {
        impliedParameters = new Dictionary<string, string>();
        var trimmed = name.Trim();
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && int.TryParse(trimmed.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var k))
        {
            trimmed = string.Concat(trimmed.AsSpan(0, at), "@k");
            impliedParameters = new Dictionary<string, string> { ["k"] = k.ToString(CultureInfo.InvariantCulture) };
        }
        metric = All.FirstOrDefault(m => string.Equals(m.Name, trimmed, StringComparison.OrdinalIgnoreCase))!;
        return metric is not null;
    }

    public static Metric Find(string name) =>
        TryFind(name, out var metric, out _) ? metric : throw new ArgumentException($"unknown metric '{name}'; known metrics: {string.Join(", ", All.Select(m => m.Name))}");
}

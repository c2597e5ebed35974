namespace Arena.BundleBuilder.Specs;

/// <summary>One-line metric definitions for the overviews, worded to match Arena.Scoring's behaviour.</summary>
public static class MetricText
{
    public static string Definition(string metric) => metric switch
    {
        "auc" => "area under the ROC curve of your scores against the true 0/1 targets, as sklearn's `roc_auc_score`. Higher is better; 0.5 is chance.",
        "accuracy" => "the fraction of rows whose predicted label equals the true label exactly (case-sensitive). Higher is better.",
        "macro_f1" => "the unweighted mean over classes of per-class F1, as sklearn's `f1_score(average=\"macro\")`. Higher is better.",
        "rmse" => "root mean squared error, `sqrt(mean((y - p)^2))`. Lower is better.",
        "multiclass_logloss" => "each submitted row is divided by its sum, clipped to [1e-15, 1 − 1e-15], and the score is the mean of −ln(probability of the true class). Lower is better; a uniform guess over 10 classes scores ln 10 ≈ 2.3026.",
        _ => throw new ArgumentException($"no definition written for metric '{metric}'", nameof(metric)),
    };
}

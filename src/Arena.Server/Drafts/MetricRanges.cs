using Arena.Scoring.Metrics;

namespace Arena.Server.Drafts;

/// <summary>The values a metric can take, by its definition in Arena.Scoring's catalogue.</summary>
internal static class MetricRanges
{
    public readonly record struct Range(double Min, double Max)
    {
        public bool IsBounded => double.IsFinite(Min) && double.IsFinite(Max);
        public bool Contains(double value) => value >= Min && value <= Max;
        public override string ToString() => $"{(double.IsInfinity(Min) ? '(' : '[')}{Format(Min)}, {Format(Max)}{(double.IsInfinity(Max) ? ')' : ']')}";

        static string Format(double v) => double.IsNegativeInfinity(v) ? "-inf" : double.IsPositiveInfinity(v) ? "+inf" : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static readonly Range Unknown = new(double.NegativeInfinity, double.PositiveInfinity);

    public static Range For(Metric metric) => metric.Name switch
    {
        "auc" or "average_precision" or "accuracy" or "f1" or "precision" or "recall" or "balanced_accuracy"
            or "macro_f1" or "weighted_f1" or "map@k" or "ndcg@k" => new Range(0, 1),
        "mcc" or "qwk" => new Range(-1, 1),
        "logloss" or "multiclass_logloss" or "rmse" or "mse" or "mae" or "rmsle" or "mape" => new Range(0, double.PositiveInfinity),
        "r2" => new Range(double.NegativeInfinity, 1),
        // A metric added to the catalogue later is only checked for a finite value until it is listed here.
        _ => Unknown,
    };
}

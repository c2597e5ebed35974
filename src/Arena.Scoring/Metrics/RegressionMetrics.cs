namespace Arena.Scoring.Metrics;

/// <summary>A regression metric that is a mean of per-row errors, optionally followed by a square root.</summary>
internal sealed class MeanErrorMetric(string name, string definition, Func<double, double, double> rowError, bool squareRoot = false, bool logarithmic = false) : Metric
{
    public override string Name => name;
    public override MetricTask Task => MetricTask.Regression;
    public override bool HigherIsBetter => false;
    public override ValueShape TruthShape => ValueShape.Number;
    public override string Definition => definition;
    internal override bool ValuesAreNonNegative => logarithmic;

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var sum = new AccurateSum();
        foreach (var row in rows) sum.Add(rowError(truth.Numbers![row], predictions.Numbers![row]));
        var mean = sum.Value / rows.Length;
        return squareRoot ? Math.Sqrt(mean) : mean;
    }

    /// <summary>numpy's float64 machine epsilon, which sklearn's MAPE uses as the smallest divisor (not <see cref="double.Epsilon"/>).</summary>
    public static readonly double NumpyEpsilon = Math.BitIncrement(1.0) - 1.0;

    public static double Squared(double y, double p) => (y - p) * (y - p);
    public static double Absolute(double y, double p) => Math.Abs(y - p);
    public static double SquaredLog(double y, double p) => Squared(Log1p(y), Log1p(p));

    /// <summary>log(1+x) accurate for small x, like numpy's log1p (Math.Log(1 + x) loses digits there).</summary>
    public static double Log1p(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) - ((u - 1.0 - x) / u);
    }
    public static double AbsolutePercentage(double y, double p) => Math.Abs(y - p) / Math.Max(Math.Abs(y), NumpyEpsilon);
}

internal sealed class R2Metric : Metric
{
    public override string Name => "r2";
    public override MetricTask Task => MetricTask.Regression;
    public override bool HigherIsBetter => true;
    public override ValueShape TruthShape => ValueShape.Number;

    public override string Definition =>
        "Coefficient of determination, as sklearn's r2_score: 1 - SS_res/SS_tot. When the true values are constant it is 1 for " +
        "a perfect prediction and 0 otherwise (sklearn's force_finite rule).";

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var y = truth.Numbers!;
        var p = predictions.Numbers!;
        var total = new AccurateSum();
        foreach (var row in rows) total.Add(y[row]);
        var mean = total.Value / rows.Length;
        AccurateSum residual = default, spread = default;
        foreach (var row in rows)
        {
            residual.Add((y[row] - p[row]) * (y[row] - p[row]));
            spread.Add((y[row] - mean) * (y[row] - mean));
        }
        if (spread.Value == 0) return residual.Value == 0 ? 1 : 0;
        return 1 - (residual.Value / spread.Value);
    }
}


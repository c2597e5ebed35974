namespace Arena.Scoring.Humans;

/// <summary>An estimated proportion with its confidence interval, all as fractions in [0, 1].</summary>
public sealed record ProportionInterval(double Estimate, double Low, double High, double Confidence);

/// <summary>
/// The Wilson score interval of a proportion. Chosen over the normal (Wald) interval because it stays inside [0, 1]
/// and keeps its coverage near 0 and 1, where human accuracies on easy items sit.
/// </summary>
public static class WilsonScore
{
    /// <summary>The interval of <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    public static ProportionInterval Interval(int successes, int trials, double confidence = 0.95)
    {
        CheckTrials(trials);
        if (successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must lie between 0 and the {trials} trials");
        return Compute((double)successes / trials, trials, confidence, successes == 0, successes == trials);
    }

    /// <summary>
    /// The interval of a proportion that is not a plain count, such as a mean of annotators' accuracies over the same
    /// items; <paramref name="trials"/> is the number of independent units behind it (the items).
    /// </summary>
    public static ProportionInterval ForProportion(double proportion, int trials, double confidence = 0.95)
    {
        CheckTrials(trials);
        if (!(proportion is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "the proportion must lie in [0, 1]");
        return Compute(proportion, trials, confidence, proportion == 0, proportion == 1);
    }

    static ProportionInterval Compute(double p, int n, double confidence, bool none, bool all)
    {
        var z = NormalDistribution.TwoSidedZ(confidence);
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2.0 * n))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        // At k = 0 and k = n one end is exactly 0 or 1 in exact arithmetic; rounding would leave 1e-17 or 1 - 1e-16.
        var low = none ? 0 : Math.Max(0, centre - half);
        var high = all ? 1 : Math.Min(1, centre + half);
        return new ProportionInterval(p, low, high, confidence);
    }

    static void CheckTrials(int trials)
    {
        if (trials <= 0)
            throw new ArgumentException($"a Wilson interval needs at least one trial, got n = {trials}", nameof(trials));
    }
}

namespace Arena.Scoring.Humans;

/// <summary>The discordant pairs of a paired comparison on the same items, and the exact McNemar p-value.</summary>
public sealed record McNemarResult(int ModelOnlyRight, int HumanOnlyRight, double PValue);

/// <summary>
/// The exact McNemar test: under "model and human are equally accurate" each discordant item is a fair coin, so the
/// smaller discordant count is Binomial(b + c, 1/2). Exact rather than chi-squared because studies have few
/// discordant items (22 in the example), where the chi-squared approximation is poor.
/// </summary>
public static class McNemar
{
    /// <summary>Counts the discordant items of two aligned correctness vectors and tests them.</summary>
    public static McNemarResult Compare(IReadOnlyList<bool> modelCorrect, IReadOnlyList<bool> humanCorrect)
    {
        ArgumentNullException.ThrowIfNull(modelCorrect);
        ArgumentNullException.ThrowIfNull(humanCorrect);
        if (modelCorrect.Count != humanCorrect.Count)
            throw new ArgumentException($"the model has {modelCorrect.Count} items and the human {humanCorrect.Count}; they must be aligned by item", nameof(humanCorrect));
        int modelOnly = 0, humanOnly = 0;
        for (var i = 0; i < modelCorrect.Count; i++)
        {
            if (modelCorrect[i] && !humanCorrect[i]) modelOnly++;
            else if (humanCorrect[i] && !modelCorrect[i]) humanOnly++;
        }
        return new McNemarResult(modelOnly, humanOnly, ExactPValue(modelOnly, humanOnly));
    }

    /// <summary>
    /// Two-sided p = min(1, 2 P(X ≤ min(b, c))), X ~ Binomial(b + c, 1/2). Computed in log space so that it holds for
    /// b + c in the hundreds of thousands, where 2^-n underflows; a p below about 1e-308 comes out as 0.
    /// </summary>
    public static double ExactPValue(int modelOnlyRight, int humanOnlyRight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(modelOnlyRight);
        ArgumentOutOfRangeException.ThrowIfNegative(humanOnlyRight);
        var n = (long)modelOnlyRight + humanOnlyRight;
        if (n == 0) return 1;
        var m = Math.Min(modelOnlyRight, humanOnlyRight);

        // log C(n, m) as a sum of logs of ratios, each near 1..n, so the rounding stays near 1e-16 per term.
        var logChoose = 0.0;
        for (var i = 1; i <= m; i++) logChoose += Math.Log((double)(n - m + i) / i);
        var logPmfAtM = logChoose - (n * Math.Log(2));

        // The lower tail relative to P(X = m): terms shrink going down (m ≤ n/2), so stop once they no longer count.
        double relative = 1, term = 1;
        for (long k = m; k >= 1; k--)
        {
            term *= k / (double)(n - k + 1);
            relative += term;
            if (term < relative * 1e-17) break;
        }
        return Math.Min(1, Math.Exp(logPmfAtM + Math.Log(relative) + Math.Log(2)));
    }
}

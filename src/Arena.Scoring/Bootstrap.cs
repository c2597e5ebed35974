using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;

namespace Arena.Scoring;

/// <summary>
/// A percentile bootstrap interval of a submission's Public score. <see cref="Low"/> and <see cref="High"/> are NaN
/// when no resample could be scored.
/// </summary>
public sealed record BootstrapInterval(double Estimate, double Low, double High, double Confidence, int Resamples, int Skipped)
{
    public double Width => High - Low;
    public int Scored => Resamples - Skipped;
}

/// <summary>How much a Public score could move had other rows been drawn: the rows are resampled with replacement.</summary>
public static class Bootstrap
{
    /// <summary>
    /// Every metric of the catalogue accepts repeated rows: they only sum, count or sort per-row values, and NDCG
    /// makes one group per position in the row list. A resample the metric cannot score (AUC drawing a single
    /// class, or a non-finite value such as kappa on one rating) is skipped and counted in
    /// <see cref="BootstrapInterval.Skipped"/>. Deterministic for a given seed, whatever the thread count: each
    /// resample's generator is seeded from one sequence drawn up front.
    /// </summary>
    public static BootstrapInterval PublicInterval(Solution solution, Predictions predictions, int resamples, int seed,
        double confidence = 0.95, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), "confidence must lie strictly between 0 and 1");
        var rows = solution.PublicRows;
        if (rows.Length == 0) throw new ArgumentException("the solution has no Public rows", nameof(solution));

        var estimate = solution.Metric.Score(solution.Truth, predictions, rows, solution.Settings);
        var seeds = new Random(seed);
        var resampleSeeds = Enumerable.Range(0, resamples).Select(_ => seeds.Next()).ToArray();
        var scores = new double[resamples];
        var options = new ParallelOptions { CancellationToken = cancellation };
        Parallel.For(0, resamples, options, () => new int[rows.Length], (b, _, drawn) =>
        {
            var random = new Random(resampleSeeds[b]);
            for (var i = 0; i < drawn.Length; i++) drawn[i] = rows[random.Next(rows.Length)];
            scores[b] = solution.Metric.CheckTruth(solution.Truth, drawn) is null
                ? solution.Metric.Score(solution.Truth, predictions, drawn, solution.Settings)
                : double.NaN;
            return drawn;
        }, _ => { });

        var scored = scores.Where(double.IsFinite).Order().ToArray();
        var tail = (1 - confidence) / 2;
        return new BootstrapInterval(estimate, Quantile(scored, tail), Quantile(scored, 1 - tail), confidence, resamples, resamples - scored.Length);
    }

    /// <summary>numpy's default (linear) quantile of sorted values.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}

using Arena.Scoring;
using Arena.Scoring.Reading;

namespace Arena.Server.Drafts;

/// <summary>
/// How far a Public score could move by the luck of which rows are Public: a 95% percentile bootstrap interval per
/// reference file. The warning rule, with a tolerance of 10% of a scale:
/// <list type="bullet">
/// <item>bounded metrics (AUC, accuracy, F1, MCC, ...): width above 10% of the metric's range (0.1 on [0,1], 0.2 on [-1,1]);</item>
/// <item>other metrics (errors, log loss, R²): width above 10% of the Public gap between the sample submission and
/// the best benchmark, the span in which participants compete;</item>
/// <item>with no such gap (no benchmark besides the sample, or equal scores): width above 10% of the score itself.</item>
/// </list>
/// Also a warning when more than 10% of the resamples could not be scored (for example AUC drawing one class).
/// Large Public sets get fewer resamples (see <see cref="ResamplesFor"/>): their intervals are narrow, and 200
/// resamples place a percentile well enough to compare a width with a 10% limit.
/// </summary>
internal static class StabilityCheck
{
    public const int Resamples = 1000;
    public const int MinResamples = 200;

    /// <summary>Rows scored over all resamples; about 6 s for AUC on two cores, when 300,000 Public rows get 200 resamples.</summary>
    public const long RowBudget = 60_000_000;
    public const int Seed = 20240917;
    public const double Confidence = 0.95;
    public const double Tolerance = 0.10;
    const string ToleranceText = "10%";

    public static IEnumerable<CheckItem> Run(Solution solution, IReadOnlyList<ScoredFile> files, CancellationToken cancellation)
    {
        if (solution.Counts.Public == 0)
        {
            yield return CheckItem.Warning(CheckCodes.Stability, "skipped: the solution has no Public rows");
            yield break;
        }
        var scored = files.Where(f => f.Result is not null).ToList();
        var benchmarks = scored.Where(f => !f.IsSample).ToList();
        var targets = benchmarks.Count > 0 ? benchmarks : scored;
        if (targets.Count == 0)
        {
            yield return CheckItem.Warning(CheckCodes.Stability, "skipped: neither a benchmark nor the sample submission could be scored");
            yield break;
        }
        var (scale, rule) = Scale(solution, scored);
        foreach (var file in targets)
        {
            var interval = Bootstrap.PublicInterval(solution, file.Check.Predictions!, ResamplesFor(solution.Counts.Public), Seed, Confidence, cancellation);
            yield return Judge(file.Name, interval, scale, rule);
        }
    }

    public static int ResamplesFor(int publicRows) => (int)Math.Clamp(RowBudget / Math.Max(publicRows, 1), MinResamples, Resamples);

    /// <summary>The scale against which an interval's width is judged, and the rule's wording; null scale: relative to the score.</summary>
    static (double? Scale, string Rule) Scale(Solution solution, IReadOnlyList<ScoredFile> scored)
    {
        var range = MetricRanges.For(solution.Metric);
        if (range.IsBounded) return (range.Max - range.Min, $"{ToleranceText} of the metric's range {range}");
        var sample = scored.FirstOrDefault(f => f.IsSample)?.Result?.Public;
        var benchmarkScores = scored.Where(f => !f.IsSample).Select(f => f.Result!.Public!.Value).ToList();
        if (sample is { } baseline && benchmarkScores.Count > 0)
        {
            var best = solution.Metric.HigherIsBetter ? benchmarkScores.Max() : benchmarkScores.Min();
            var gap = Math.Abs(best - baseline);
            if (gap > 0) return (gap, $"{ToleranceText} of the Public gap {SubmissionChecks.Format(gap)} between the sample submission and the best benchmark");
        }
        return (null, $"{ToleranceText} of the score (no benchmark gap to compare with)");
    }

    static CheckItem Judge(string name, BootstrapInterval interval, double? scale, string rule)
    {
        var limit = Tolerance * (scale ?? Math.Abs(interval.Estimate));
        var details = new Dictionary<string, object?>
        {
            ["file"] = name, ["estimate"] = interval.Estimate, ["low"] = interval.Low, ["high"] = interval.High, ["width"] = interval.Width,
            ["confidence"] = interval.Confidence, ["resamples"] = interval.Resamples, ["skippedResamples"] = interval.Skipped,
            ["seed"] = Seed, ["widthLimit"] = limit, ["rule"] = rule,
        };
        if (interval.Scored == 0)
            return CheckItem.Warning(CheckCodes.Stability, $"{name}: no resample of the Public rows could be scored ({interval.Skipped} skipped)", details);
        var text = $"{name}: Public {SubmissionChecks.Format(interval.Estimate)}, {interval.Confidence * 100:0.#}% interval " +
            $"[{SubmissionChecks.Format(interval.Low)}, {SubmissionChecks.Format(interval.High)}], width {SubmissionChecks.Format(interval.Width)}";
        var skipped = interval.Skipped > 0 ? $"; {interval.Skipped} of {interval.Resamples} resamples could not be scored" : "";
        if (interval.Skipped > Tolerance * interval.Resamples)
            return CheckItem.Warning(CheckCodes.Stability, $"{text}{skipped}: the Public rows are too few or too unbalanced for a stable score", details);
        if (limit > 0 && interval.Width > limit)
            return CheckItem.Warning(CheckCodes.Stability, $"{text}: wider than {SubmissionChecks.Format(limit)} ({rule}); consider more Public rows{skipped}", details);
        return CheckItem.Ok(CheckCodes.Stability, $"{text}: within {SubmissionChecks.Format(limit)} ({rule}){skipped}", details);
    }
}

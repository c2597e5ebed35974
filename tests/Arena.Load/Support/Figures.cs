using System.Globalization;

namespace Arena.Load.Support;

/// <summary>Percentiles (nearest rank) and the way figures are written in the tables.</summary>
public static class Figures
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "n/a" : $"{milliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms";

    public static string Mb(double bytes) => $"{(bytes / 1024 / 1024).ToString("F1", CultureInfo.InvariantCulture)} MB";

    public static string S(TimeSpan time) => $"{time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s";

    public static string N(double value, string format = "F0") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"p50/p95/p99/max" of a set of milliseconds.</summary>
    public static (double P50, double P95, double P99, double Max) Summary(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return (Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted.Count == 0 ? double.NaN : sorted[^1]);
    }
}

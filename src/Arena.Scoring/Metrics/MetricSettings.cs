using System.Globalization;

namespace Arena.Scoring.Metrics;

/// <summary>A metric with its parameters resolved: every parameter has a value, defaults filled in.</summary>
public sealed class MetricSettings
{
    readonly Dictionary<string, double> _values;

    MetricSettings(Metric metric, Dictionary<string, double> values) => (Metric, _values) = (metric, values);

    public Metric Metric { get; }

    public IReadOnlyDictionary<string, double> Values => _values;

    public double this[string name] => _values[name];

    public static MetricSettings Defaults(Metric metric) => Create(metric, new Dictionary<string, string>());

    /// <summary>Resolves user-given parameters; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static MetricSettings Create(Metric metric, IReadOnlyDictionary<string, string> given)
    {
        var values = metric.Parameters.ToDictionary(p => p.Name, p => p.DefaultValue, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, text) in given)
        {
            var parameter = metric.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(metric.Parameters.Count == 0
                    ? $"metric '{metric.Name}' takes no parameters, but '{name}' was given"
                    : $"metric '{metric.Name}' has no parameter '{name}'; it takes {string.Join(", ", metric.Parameters.Select(p => p.Name))}");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new ArgumentException($"parameter '{parameter.Name}' must be a number, got '{text}'");
            if (parameter.IsInteger && value != Math.Floor(value))
                throw new ArgumentException($"parameter '{parameter.Name}' must be a whole number, got '{text}'");
            if (value < parameter.Min || value > parameter.Max)
                throw new ArgumentException($"parameter '{parameter.Name}' must be between {parameter.Min.ToString(CultureInfo.InvariantCulture)} and {parameter.Max.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
            values[parameter.Name] = value;
        }
        return new MetricSettings(metric, new Dictionary<string, double>(values, StringComparer.Ordinal));
    }
}

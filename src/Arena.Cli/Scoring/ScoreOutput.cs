using System.Globalization;
using System.Text;
using System.Text.Json;
using Arena.Scoring;
using Arena.Scoring.Metrics;

namespace Arena.Cli.Scoring;

internal static class ScoreOutput
{
    /// <summary>One JSON object; numbers are written in their shortest round-trip form, so nothing is lost.</summary>
    public static string Json(ScoreResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("metric", result.Metric);
            WriteNumber(json, "public", result.Public);
            WriteNumber(json, "private", result.Private);
            json.WriteStartObject("rows");
            json.WriteNumber("public", result.Rows.Public);
            json.WriteNumber("private", result.Rows.Private);
            json.WriteNumber("ignored", result.Rows.Ignored);
            json.WriteEndObject();
            json.WriteString("scorerVersion", result.ScorerVersion);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    public static string Table(ScoreResult result, MetricSettings settings)
    {
        var parameters = settings.Values.Count == 0 ? "" :
            " (" + string.Join(", ", settings.Values.Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}")) + ")";
        var direction = settings.Metric.HigherIsBetter ? "higher is better" : "lower is better";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"metric   {result.Metric}{parameters}, {direction}");
        text.AppendLine(CultureInfo.InvariantCulture, $"public   {Format(result.Public),-22} {result.Rows.Public} rows");
        text.AppendLine(CultureInfo.InvariantCulture, $"private  {Format(result.Private),-22} {result.Rows.Private} rows");
        if (result.Rows.Ignored > 0) text.AppendLine(CultureInfo.InvariantCulture, $"ignored  {"",-22} {result.Rows.Ignored} rows");
        text.AppendLine(CultureInfo.InvariantCulture, $"scorer   {result.ScorerVersion}");
        return text.ToString();
    }

    static string Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "-";
}

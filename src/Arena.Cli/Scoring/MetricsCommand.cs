using System.CommandLine;
using System.Globalization;
using Arena.Scoring.Metrics;

namespace Arena.Cli.Scoring;

/// <summary><c>arena metrics</c>: the catalogue, with directions and parameters.</summary>
public static class MetricsCommand
{
    public static Command Create()
    {
        var verbose = new Option<bool>("--definitions") { Description = "also print each metric's definition" };
        var command = new Command("metrics", "List the metrics Arena scores with") { verbose };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{"name",-20} {"task",-11} {"better",-7} parameters");
            foreach (var metric in MetricCatalog.All)
            {
                var parameters = string.Join(", ", metric.Parameters.Select(p => $"{p.Name}={p.DefaultValue.ToString("R", CultureInfo.InvariantCulture)}"));
                output.WriteLine($"{metric.Name,-20} {metric.Task.ToString().ToLowerInvariant(),-11} {(metric.HigherIsBetter ? "higher" : "lower"),-7} {parameters}");
                if (parse.GetValue(verbose)) output.WriteLine($"    {metric.Definition}");
            }
            return CommandLine.Ok;
        });
        return command;
    }
}

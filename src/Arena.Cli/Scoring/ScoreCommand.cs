using System.CommandLine;
using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;

namespace Arena.Cli.Scoring;

/// <summary><c>arena score</c>: score a file offline with exactly the server's metric code.</summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var solution = new Option<FileInfo>("--solution") { Description = "the solution CSV (hidden labels, optional Usage column)", Required = true };
        var submission = new Option<FileInfo>("--submission") { Description = "the submission CSV, .csv.gz or .zip", Required = true };
        var metric = new Option<string>("--metric") { Description = "a metric name; see 'arena metrics'", Required = true };
        var parameters = new Option<string[]>("--param") { Description = "a metric parameter as key=value; repeatable", Arity = ArgumentArity.ZeroOrMore };
        var idColumn = new Option<string?>("--id-column") { Description = "the id column, when it is not the solution's first column" };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of a table" };
        var command = new Command("score", "Score a submission against a solution offline, exactly as the server does")
        {
            solution, submission, metric, parameters, idColumn, json,
        };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(solution), parse.GetRequiredValue(submission), parse.GetRequiredValue(metric),
            parse.GetValue(parameters) ?? [], parse.GetValue(idColumn), parse.GetValue(json),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    static int Run(FileInfo solutionFile, FileInfo submissionFile, string metricName, string[] parameterTexts, string? idColumn,
        bool json, TextWriter output, TextWriter error)
    {
        MetricSettings settings;
        try
        {
            settings = ResolveMetric(metricName, parameterTexts);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"arena: {e.Message}");
            return CommandLine.UsageError;
        }

        Solution solution;
        try
        {
            solution = Solution.Load(solutionFile.FullName, settings, idColumn);
        }
        catch (SolutionException e)
        {
            foreach (var problem in e.Errors) error.WriteLine($"{solutionFile.Name}: {problem}");
            return CommandLine.UsageError;
        }

        var outcome = Scorer.Score(solution, submissionFile.FullName);
        if (outcome.Result is not { } result)
        {
            foreach (var problem in outcome.Errors) error.WriteLine($"{submissionFile.Name}: {problem}");
            return CommandLine.Invalid;
        }
        output.Write(json ? ScoreOutput.Json(result) : ScoreOutput.Table(result, settings));
        return CommandLine.Ok;
    }

    /// <summary>Merges parameters implied by the name (map@5) with --param key=value pairs.</summary>
    internal static MetricSettings ResolveMetric(string metricName, IEnumerable<string> parameterTexts)
    {
        if (!MetricCatalog.TryFind(metricName, out var metric, out var implied))
            throw new ArgumentException($"unknown metric '{metricName}'; run 'arena metrics' to list them");
        var given = new Dictionary<string, string>(implied, StringComparer.OrdinalIgnoreCase);
        foreach (var text in parameterTexts)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new ArgumentException($"--param takes key=value, got '{text}'");
            given[text[..equals].Trim()] = text[(equals + 1)..].Trim();
        }
        return MetricSettings.Create(metric, given);
    }
}

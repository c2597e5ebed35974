using System.Diagnostics;
using System.Globalization;
using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using BenchmarkDotNet.Running;

// "cached SOLUTION SUBMISSION [METRIC]" times what a server pays per submission once the solution is parsed;
// anything else goes to BenchmarkDotNet (e.g. --filter '*').
if (args is ["cached", var solutionPath, var submissionPath, .. var rest] && rest.Length <= 1)
{
    return CachedScoring.Run(solutionPath, submissionPath, rest.Length == 1 ? rest[0] : "auc");
}
if (args is ["cached", ..])
{
    Console.Error.WriteLine("usage: cached SOLUTION SUBMISSION [METRIC]");
    return 2;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Loads the solution once, then reads and scores the submission a few times; the last line is the median.</summary>
static class CachedScoring
{
    const int Rounds = 5;

    public static int Run(string solutionPath, string submissionPath, string metricName)
    {
        var settings = MetricSettings.Defaults(MetricCatalog.Find(metricName));
        var clock = Stopwatch.StartNew();
        var solution = Solution.Load(solutionPath, settings);
        Print($"solution-load-ms {clock.ElapsedMilliseconds} ({solution.RowCount} rows)");

        var totals = new List<long>();
        for (var round = 1; round <= Rounds; round++)
        {
            // Garbage from the previous round is collected outside the timed region, as an idle server would.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            clock.Restart();
            var check = SubmissionReader.Read(solution, submissionPath);
            var readMs = clock.ElapsedMilliseconds;
            if (check.Predictions is not { } predictions)
            {
                foreach (var error in check.Errors) Console.Error.WriteLine($"{submissionPath}: {error}");
                return 1;
            }
            var result = Scorer.Score(solution, predictions);
            var totalMs = clock.ElapsedMilliseconds;
            totals.Add(totalMs);
            Print($"round {round}: read {readMs} ms, score {totalMs - readMs} ms, total {totalMs} ms; " +
                $"public {Format(result.Public)}, private {Format(result.Private)}");
        }
        totals.Sort();
        Print($"cached-median-ms {totals[totals.Count / 2]}");
        return 0;
    }

    static void Print(string line) => Console.WriteLine(line);

    static string Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "-";
}

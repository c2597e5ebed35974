using Arena.Scoring.Reading;

namespace Arena.Server.Drafts;

/// <summary>
/// The report an organizer sees before publishing a draft bundle: pure computation on files, no database.
/// Messages show ids, counts, column names and scores, never a hidden label or which ids are Public.
/// A missing test.csv or train.csv is a warning (that part of the report is skipped); a missing sample submission
/// is an error, because participants copy its format and the value-range check scores it.
/// </summary>
public static class PrePublishChecks
{
    public static CheckReport Run(CheckInput input, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var items = new List<CheckItem>();
        Solution solution;
        try
        {
            solution = Solution.Load(input.SolutionPath, input.Metric, input.IdColumn);
        }
        catch (SolutionException e)
        {
            items.Add(CheckItem.Error(CheckCodes.Solution, $"the solution cannot be used: {string.Join("; ", e.Errors)}"));
            return new CheckReport(items);
        }
        var counts = solution.Counts;
        items.Add(CheckItem.Ok(CheckCodes.Solution, $"{counts.Total} rows ({counts.Public} Public, {counts.Private} Private, {counts.Ignored} Ignored), metric {solution.Metric.Name}",
            new Dictionary<string, object?> { ["rows"] = counts.Total, ["metric"] = solution.Metric.Name, ["idColumn"] = solution.IdColumn }));
        items.Add(UsageRatioCheck.Run(counts));

        var labels = SolutionLabels.Read(input.SolutionPath, solution, cancellation);
        var testHeader = PublicFileChecks.Test(input.TestCsv, solution, labels, items, cancellation);
        PublicFileChecks.Sample(input.SampleSubmissionCsv, solution, labels, items, cancellation);
        PublicFileChecks.Train(input.TrainCsv, solution, testHeader, items, cancellation);

        var scored = ScoreFiles(input, solution);
        items.AddRange(scored.Select(SubmissionChecks.DryRun));
        var range = MetricRanges.For(solution.Metric);
        var inRange = scored.Where(f => f.Result is not null).Select(f => SubmissionChecks.ValueRange(f, range)).ToList();
        items.AddRange(inRange.Count > 0 ? inRange : [CheckItem.Warning(CheckCodes.ValueRange, "skipped: no file could be scored")]);
        items.AddRange(StabilityCheck.Run(solution, scored, cancellation));
        return new CheckReport(items);
    }

    /// <summary>The sample submission first, then each benchmark; a benchmark that is the sample file is scored once.</summary>
    static List<ScoredFile> ScoreFiles(CheckInput input, Solution solution)
    {
        var files = new List<ScoredFile>();
        string? samplePath = null;
        if (input.SampleSubmissionCsv is { } sample && File.Exists(sample))
        {
            samplePath = Path.GetFullPath(sample);
            files.Add(SubmissionChecks.Score(solution, Path.GetFileName(sample), sample, isSample: true));
        }
        foreach (var (name, path) in input.BenchmarkFiles)
        {
            if (Path.GetFullPath(path) == samplePath) continue;
            files.Add(SubmissionChecks.Score(solution, name, path, isSample: false));
        }
        return files;
    }
}

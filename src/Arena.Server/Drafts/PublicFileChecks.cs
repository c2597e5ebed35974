using Arena.Scoring.Reading;

namespace Arena.Server.Drafts;

/// <summary>The checks on the public files: ids of test.csv and of the sample submission, label leaks in test.csv and train.csv.</summary>
internal static class PublicFileChecks
{
    /// <summary>Adds the ids and label-leak items of test.csv; returns its header, or null when it could not be read.</summary>
    public static string[]? Test(string? path, Solution solution, SolutionLabels labels, List<CheckItem> items, CancellationToken cancellation)
    {
        if (path is null || !File.Exists(path))
        {
            items.Add(CheckItem.Warning(CheckCodes.Ids, "test.csv: skipped, the bundle has no test file"));
            items.Add(CheckItem.Warning(CheckCodes.LabelLeak, "test.csv: skipped, the bundle has no test file"));
            return null;
        }
        var name = Path.GetFileName(path);
        using var csv = Open(path, CheckCodes.Ids, items);
        if (csv is null) return null;
        var scan = TestFileScan.Run(csv, solution.IdColumn, labels, cancellation, out var problem);
        if (scan is null)
        {
            items.Add(CheckItem.Error(CheckCodes.Ids, $"{name}: {problem}"));
            return csv.Header;
        }
        items.Add(scan.Ids.Report(name, csv));
        if (SolutionLabels.Applies(solution.Metric)) items.AddRange(LabelLeakChecks.ForTest(labels, scan, solution.Metric));
        else items.Add(CheckItem.Ok(CheckCodes.LabelLeak, $"{name}: not applicable to {solution.Metric.Name}'s item lists"));
        return csv.Header;
    }

    public static void Sample(string? path, Solution solution, SolutionLabels labels, List<CheckItem> items, CancellationToken cancellation)
    {
        if (path is null || !File.Exists(path))
        {
            items.Add(CheckItem.Error(CheckCodes.Ids, "the bundle has no sample submission; participants need one to see the expected format"));
            return;
        }
        var name = Path.GetFileName(path);
        using var csv = Open(path, CheckCodes.Ids, items);
        if (csv is null) return;
        var idPosition = csv.IndexOf(solution.IdColumn);
        if (idPosition < 0)
        {
            items.Add(CheckItem.Error(CheckCodes.Ids, $"{name}: the header has no id column '{solution.IdColumn}'"));
            return;
        }
        var ids = new IdTally(labels);
        csv.ForEachRow((_, row) => ids.Add(row.Text(idPosition)), cancellation);
        items.Add(ids.Report(name, csv));
    }

    public static void Train(string? path, Solution solution, string[]? testHeader, List<CheckItem> items, CancellationToken cancellation)
    {
        if (!SolutionLabels.Applies(solution.Metric)) return;
        if (path is null || !File.Exists(path))
        {
            items.Add(CheckItem.Warning(CheckCodes.LabelLeak, "train.csv: skipped, the bundle has no training file"));
            return;
        }
        try
        {
            items.Add(TrainLeakScan.Run(path, solution, testHeader, cancellation));
        }
        catch (FileRejectedException e)
        {
            items.Add(CheckItem.Error(CheckCodes.LabelLeak, $"{Path.GetFileName(path)}: cannot be read: {e.Error.Message}"));
        }
    }

    static PublicCsv? Open(string path, string check, List<CheckItem> items)
    {
        try
        {
            return PublicCsv.Open(path);
        }
        catch (FileRejectedException e)
        {
            items.Add(CheckItem.Error(check, $"{Path.GetFileName(path)}: cannot be read: {e.Error.Message}"));
            return null;
        }
    }
}

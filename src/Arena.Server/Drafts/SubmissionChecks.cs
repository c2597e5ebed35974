using System.Globalization;
using Arena.Scoring;
using Arena.Scoring.Reading;

namespace Arena.Server.Drafts;

/// <summary>A public or reference submission read and scored by the real scorer.</summary>
internal sealed record ScoredFile(string Name, bool IsSample, SubmissionCheck Check, ScoreResult? Result);

/// <summary>The dry run (every reference file scored as a participant's would be) and the range of the scores.</summary>
internal static class SubmissionChecks
{
    /// <summary>How many validation errors of a rejected file the report lists.</summary>
    const int ErrorsShown = 10;

    public static ScoredFile Score(Solution solution, string name, string path, bool isSample)
    {
        var check = SubmissionReader.Read(solution, path);
        var result = check.Predictions is { } predictions ? Scorer.Score(solution, predictions) : null;
        return new ScoredFile(name, isSample, check, result);
    }

    public static CheckItem DryRun(ScoredFile file)
    {
        if (file.Result is not { } result)
        {
            var errors = file.Check.Errors.Take(ErrorsShown).ToList();
            var details = new Dictionary<string, object?>
            {
                ["file"] = file.Name,
                ["errorCount"] = file.Check.ErrorCount,
                ["errors"] = errors.Select(e => new Dictionary<string, object?>
                {
                    ["code"] = e.Code, ["line"] = e.Line, ["column"] = e.Column, ["id"] = e.Id, ["message"] = e.Message,
                }).ToList(),
            };
            var more = file.Check.ErrorCount > errors.Count ? $" (and {file.Check.ErrorCount - errors.Count} more)" : "";
            return CheckItem.Error(CheckCodes.DryRun, $"{file.Name}: rejected by the scorer: {string.Join("; ", errors)}{more}", details);
        }
        return CheckItem.Ok(CheckCodes.DryRun, $"{file.Name}: Public {Format(result.Public)}, Private {Format(result.Private)}",
            new Dictionary<string, object?> { ["file"] = file.Name, ["public"] = result.Public, ["private"] = result.Private, ["scorerVersion"] = result.ScorerVersion });
    }

    /// <summary>Error when a score is not finite or lies outside the metric's range, which would mean a scorer or solution bug.</summary>
    public static CheckItem ValueRange(ScoredFile file, MetricRanges.Range range)
    {
        var result = file.Result!;
        var details = new Dictionary<string, object?>
        {
            ["file"] = file.Name, ["public"] = result.Public, ["private"] = result.Private,
            ["min"] = range.Min, ["max"] = range.Max,
        };
        var bad = new[] { ("Public", result.Public), ("Private", result.Private) }
            .Where(s => s.Item2 is { } v && !(double.IsFinite(v) && range.Contains(v)))
            .Select(s => $"{s.Item1} score {Format(s.Item2)}")
            .ToList();
        return bad.Count == 0
            ? CheckItem.Ok(CheckCodes.ValueRange, $"{file.Name}: scores are finite and within {range}", details)
            : CheckItem.Error(CheckCodes.ValueRange, $"{file.Name}: {string.Join(", ", bad)} outside {result.Metric}'s range {range}", details);
    }

    public static string Format(double? score) => score is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "none";
}

using Arena.Scoring.Metrics;
using Arena.Scoring.Validation;
using nietras.SeparatedValues;

namespace Arena.Scoring.Reading;

/// <summary>Reads and checks a solution file. Its errors go to the organizer, so they may quote solution values.</summary>
internal static class SolutionReader
{
    /// <summary>Numeric solutions take a parallel pass that succeeds only on a valid file; otherwise the careful pass reports the errors.</summary>
    public static Solution Read(CsvInput input, MetricSettings settings, string? idColumnName) =>
        (settings.Metric.TruthShape == ValueShape.Number ? FastTruthPass.TryRead(input, settings, idColumnName) : null)
        ?? ReadCarefully(input, settings, idColumnName);

    /// <summary>The solution's columns: which is the id, which is Usage (or -1), and the targets in order.</summary>
    internal sealed record Layout(string[] Header, int IdPosition, int UsagePosition, int[] TargetPositions)
    {
        public string[] TargetNames => [.. TargetPositions.Select(p => Header[p])];
    }

    internal static Layout ReadLayout(SepReader reader, Metric metric, string? idColumnName)
    {
        var errors = new ErrorList();
        var header = Header.Read(reader, errors) ?? throw new SolutionException(errors.ToReport());
        var idPosition = idColumnName is null ? 0 : Array.IndexOf(header, idColumnName);
        if (idPosition < 0) throw Fail(ErrorCodes.MissingColumn, $"the solution has no id column '{idColumnName}'", 1);
        var usagePosition = Array.FindIndex(header, h => string.Equals(h, "Usage", StringComparison.OrdinalIgnoreCase));
        if (usagePosition == idPosition) usagePosition = -1;
        var targetPositions = Enumerable.Range(0, header.Length).Where(i => i != idPosition && i != usagePosition).ToArray();
        CheckTargetCount(metric, targetPositions.Length);
        return new Layout(header, idPosition, usagePosition, targetPositions);
    }

    static Solution ReadCarefully(CsvInput input, MetricSettings settings, string? idColumnName)
    {
        var metric = settings.Metric;
        var errors = new ErrorList();
        using var text = input.Open();
        using var reader = CsvFile.Reader(text);
        var (header, idPosition, usagePosition, targetPositions) = ReadLayout(reader, metric, idColumnName);

        var ids = new IdCollector();
        var usage = new ArrayBuilder<Usage>(1024);
        var targets = new TruthBuilder(metric, [.. targetPositions.Select(p => header[p])]);
        var fields = new string?[header.Length];
        long nextLine = reader.Current.LineNumberToExcl;
        while (reader.MoveNext() && !errors.IsFull)
        {
            var row = reader.Current;
            // A row starts on the line after the previous row: Sep's own first-line count is off for some rows.
            var line = nextLine;
            nextLine = row.LineNumberToExcl;
            if (CsvFile.IsBlank(row)) continue;
            if (row.ColCount != header.Length)
            {
                errors.Add(new ValidationError(ErrorCodes.FieldCount, $"expected {header.Length} fields, found {row.ColCount}", line));
                continue;
            }
            if (!CsvFile.TryClean(row[idPosition].Span, out var id) || id.IsEmpty)
            {
                errors.Add(new ValidationError(id.IsEmpty ? ErrorCodes.EmptyId : ErrorCodes.UnterminatedQuote, "the id is empty or badly quoted", line, header[idPosition]));
                continue;
            }
            if (!ids.Add(id))
            {
                errors.Add(new ValidationError(ErrorCodes.DuplicateId, "the id occurs more than once", line, header[idPosition], CsvFile.Quote(id)));
                continue;
            }
            usage.Add(usagePosition < 0 ? Usage.Public : ParseUsage(row[usagePosition].Span, line, errors));
            for (var column = 0; column < targetPositions.Length; column++)
            {
                var position = targetPositions[column];
                if (!CsvFile.TryClean(row[position].Span, out var value))
                {
                    errors.Add(new ValidationError(ErrorCodes.UnterminatedQuote, "a quoted value has no closing quote", line, header[position]));
                    value = "";
                }
                var problem = targets.Add(column, value);
                if (problem is { } p) errors.Add(new ValidationError(p.Code, p.Message, line, header[position], CsvFile.Quote(id)));
            }
            targets.EndRow(line, errors);
        }

        var index = ids.Build(out var duplicate);
        if (duplicate is not null) errors.Add(new ValidationError(ErrorCodes.DuplicateId, "the id occurs more than once", null, header[idPosition], duplicate));
        if (index.Count == 0 && !errors.HasErrors) errors.Add(new ValidationError(ErrorCodes.NoRows, "the solution has no rows"));
        if (errors.HasErrors) throw new SolutionException(errors.ToReport());

        return Create(settings, header[idPosition], [.. targetPositions.Select(p => header[p])], index, usage.ToArray(), targets.Build());
    }

    internal static Solution Create(MetricSettings settings, string idColumn, string[] targetColumns, IdIndex index, Usage[] usage, Truth truth)
    {
        var solution = new Solution(settings, idColumn, targetColumns, index, usage, truth);
        CheckScorable(solution);
        return solution;
    }

    static void CheckTargetCount(Metric metric, int count)
    {
        if (metric.TruthShape == ValueShape.ClassColumns && count < 2)
            throw Fail(ErrorCodes.MissingColumn, $"{metric.Name} needs one 0/1 column per class (at least two), found {count}", 1);
        if (metric.TruthShape != ValueShape.ClassColumns && count != 1)
            throw Fail(count == 0 ? ErrorCodes.MissingColumn : ErrorCodes.ExtraColumn,
                $"{metric.Name} needs exactly one target column besides the id and Usage columns, found {count}", 1);
    }

    static Usage ParseUsage(ReadOnlySpan<char> raw, long line, ErrorList errors)
    {
        if (TryParseUsage(raw, out var usage)) return usage;
        CsvFile.TryClean(raw, out var text);
        errors.Add(new ValidationError(ErrorCodes.OutOfRange, $"Usage must be Public, Private or Ignored, not '{CsvFile.Quote(text)}'", line, "Usage"));
        return Usage.Ignored;
    }

    internal static bool TryParseUsage(ReadOnlySpan<char> raw, out Usage usage)
    {
        CsvFile.TryClean(raw, out var text);
        usage = text.Equals("Public", StringComparison.OrdinalIgnoreCase) ? Usage.Public
            : text.Equals("Private", StringComparison.OrdinalIgnoreCase) ? Usage.Private
            : Usage.Ignored;
        return usage != Usage.Ignored || text.Equals("Ignored", StringComparison.OrdinalIgnoreCase);
    }

    static void CheckScorable(Solution solution)
    {
        foreach (var (rows, name) in new[] { (solution.PublicRows, "Public"), (solution.PrivateRows, "Private") })
        {
            if (rows.Length == 0) continue;
            if (solution.Metric.CheckTruth(solution.Truth, rows) is { } reason)
                throw Fail(ErrorCodes.OutOfRange, $"the {name} rows cannot be scored: {reason}", null);
        }
    }

    static SolutionException Fail(string code, string message, long? line) => new(new ValidationError(code, message, line));
}

using Arena.Scoring.Metrics;
using Arena.Scoring.Validation;
using nietras.SeparatedValues;

namespace Arena.Scoring.Reading;

/// <summary>The outcome of checking a submission: predictions when valid, otherwise the errors to show.</summary>
public sealed record SubmissionCheck(Predictions? Predictions, IReadOnlyList<ValidationError> Errors, long ErrorCount)
{
    public bool IsValid => Predictions is not null;
}

/// <summary>
/// Reads a submission against a solution. Errors name the line (header = 1), column and submitted id, quote only
/// submitted text, and never tell a Public id from a Private one.
/// </summary>
public static class SubmissionReader
{
    /// <summary>How many missing ids a report lists by name.</summary>
    const int MissingIdsShown = 5;

    public static SubmissionCheck Read(Solution solution, string path, long maxBytes = CsvSource.DefaultMaxBytes) =>
        Read(solution, CsvInput.FromFile(path, maxBytes));

    /// <summary>
    /// Numeric submissions take a parallel pass that only succeeds on a valid file; any problem sends the file through
    /// the careful pass, which reports every error in line order.
    /// </summary>
    public static SubmissionCheck Read(Solution solution, CsvInput input)
    {
        try
        {
            if (solution.PredictionShape == ValueShape.Number && FastNumberPass.TryRead(solution, input) is { } numbers)
                return new SubmissionCheck(new Predictions { Numbers = numbers }, [], 0);
            return ReadCarefully(solution, input);
        }
        catch (Exception e) when (FileRejectedException.Find(e) is { } rejected)
        {
            return new SubmissionCheck(null, [rejected.Error], 1);
        }
    }

    static SubmissionCheck ReadCarefully(Solution solution, CsvInput input)
    {
        var errors = new ErrorList();
        using var text = input.Open();
        using var reader = CsvFile.Reader(text);
        var header = Header.Read(reader, errors);
        var positions = header is null ? null : MapColumns(solution, header, errors);
        if (positions is null) return Rejected(errors);
        var seen = new bool[solution.RowCount];
        var builder = new PredictionBuilder(solution);
        ReadRows(solution, reader, header!, positions, seen, builder, errors);
        ReportMissing(solution, seen, errors);
        return errors.HasErrors ? Rejected(errors) : new SubmissionCheck(builder.Build(), [], 0);
    }

    static SubmissionCheck Rejected(ErrorList errors) => new(null, errors.ToReport(), errors.TotalCount);

    /// <summary>Positions of the id column and of each target column; columns may come in any order.</summary>
    internal static int[]? MapColumns(Solution solution, string[] header, ErrorList errors)
    {
        var expected = solution.SubmissionColumns;
        var positions = expected.Select(name => Array.IndexOf(header, name)).ToArray();
        foreach (var name in expected.Where(n => Array.IndexOf(header, n) < 0))
        {
            var near = header.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            errors.Add(new ValidationError(ErrorCodes.MissingColumn,
                near is null ? $"the header has no column '{name}'" : $"the header has no column '{name}' (found '{near}'; names are case-sensitive)", 1, name));
        }
        foreach (var name in header.Where(h => !expected.Contains(h)))
        {
            var hint = string.Equals(name, "Usage", StringComparison.OrdinalIgnoreCase) ? "; submissions have no Usage column"
                : header.Length == 1 && name.IndexOfAny([';', '\t', '|']) >= 0 ? "; the file seems to use another separator, but Arena reads comma-separated files"
                : "";
            errors.Add(new ValidationError(ErrorCodes.ExtraColumn, $"unexpected column '{CsvFile.Quote(name)}'; expected columns: {string.Join(",", expected)}{hint}", 1, CsvFile.Quote(name)));
        }
        return errors.HasErrors ? null : positions;
    }

    static void ReadRows(Solution solution, SepReader reader, string[] header, int[] positions, bool[] seen, PredictionBuilder builder, ErrorList errors)
    {
        var idColumn = header[positions[0]];
        var rule = NumberRuleOf(solution);
        long line = reader.Current.LineNumberToExcl;
        foreach (var parsed in reader.ParallelEnumerate(row => Parse(row, solution, header.Length, positions, rule)))
        {
            var rowLine = line;
            line = parsed.LineAfter;
            switch (parsed.Status)
            {
                case RowStatus.Blank:
                    continue;
                case RowStatus.FieldCount:
                    errors.Add(new ValidationError(ErrorCodes.FieldCount, $"expected {header.Length} fields, found {parsed.FieldCount}", rowLine));
                    continue;
                case RowStatus.UnterminatedQuote:
                    errors.Add(new ValidationError(ErrorCodes.UnterminatedQuote, "a quoted field has no closing quote", rowLine,
                        parsed.ProblemColumn >= 0 ? header[parsed.ProblemColumn] : null, parsed.Id));
                    continue;
                case RowStatus.EmptyId:
                    errors.Add(new ValidationError(ErrorCodes.EmptyId, "the id is empty", rowLine, idColumn));
                    continue;
                case RowStatus.UnknownId:
                    errors.Add(new ValidationError(ErrorCodes.UnknownId, "this id is not in the test set", rowLine, idColumn, parsed.Id));
                    continue;
            }
            if (seen[parsed.Index])
            {
                errors.Add(new ValidationError(ErrorCodes.DuplicateId, "this id already appeared on an earlier line; give each id exactly once", rowLine, idColumn,
                    parsed.Id ?? CsvFile.Quote(solution.Ids.IdAt(parsed.Index))));
                continue;
            }
            seen[parsed.Index] = true;
            if (parsed.Status == RowStatus.BadValue)
            {
                var p = parsed.Problem!.Value;
                errors.Add(new ValidationError(p.Code, p.Message, rowLine, header[parsed.ProblemColumn], parsed.Id));
                continue;
            }
            if (parsed.Texts is null)
            {
                builder.SetNumber(parsed.Index, parsed.Number);
                continue;
            }
            for (var column = 1; column < positions.Length; column++)
            {
                if (builder.Set(parsed.Index, column - 1, parsed.Texts[column - 1]) is { } p)
                    errors.Add(new ValidationError(p.Code, p.Message, rowLine, header[positions[column]], parsed.Id));
            }
            if (builder.EndRow(parsed.Index, rowLine, parsed.Id!) is { } rowError) errors.Add(rowError);
        }
    }

    /// <summary>
    /// Runs on Sep's worker threads, so it only reads the solution. Numbers are parsed here; other shapes are cleaned
    /// to strings and stored by the in-order consumer.
    /// </summary>
    static ParsedRow Parse(SepReader.Row row, Solution solution, int fieldCount, int[] positions, NumberRule? rule)
    {
        var after = row.LineNumberToExcl;
        if (CsvFile.IsBlank(row)) return new ParsedRow { Status = RowStatus.Blank, LineAfter = after };
        if (row.ColCount != fieldCount)
        {
            return CsvFile.HasUnterminatedQuote(row)
                ? new ParsedRow { Status = RowStatus.UnterminatedQuote, LineAfter = after, ProblemColumn = -1 }
                : new ParsedRow { Status = RowStatus.FieldCount, LineAfter = after, FieldCount = row.ColCount };
        }
        if (!CsvFile.TryClean(row[positions[0]].Span, out var id))
            return new ParsedRow { Status = RowStatus.UnterminatedQuote, LineAfter = after, ProblemColumn = positions[0] };
        if (id.IsEmpty) return new ParsedRow { Status = RowStatus.EmptyId, LineAfter = after };
        var index = solution.Ids.Find(id);
        if (index < 0) return new ParsedRow { Status = RowStatus.UnknownId, LineAfter = after, Id = CsvFile.Quote(id) };

        if (rule is { } numberRule)
        {
            var problem = Fields.FastNumber(row[positions[1]], numberRule, out var value);
            return problem is null
                ? new ParsedRow { Status = RowStatus.Ok, LineAfter = after, Index = index, Number = value }
                : new ParsedRow { Status = RowStatus.BadValue, LineAfter = after, Index = index, Id = CsvFile.Quote(id), Problem = problem, ProblemColumn = positions[1] };
        }
        var texts = new string[positions.Length - 1];
        for (var column = 1; column < positions.Length; column++)
        {
            if (!CsvFile.TryClean(row[positions[column]].Span, out var text))
                return new ParsedRow { Status = RowStatus.BadValue, LineAfter = after, Index = index, Id = CsvFile.Quote(id), ProblemColumn = positions[column],
                    Problem = new Fields.Problem(ErrorCodes.UnterminatedQuote, "the quoted value has no closing quote") };
            texts[column - 1] = text.ToString();
        }
        return new ParsedRow { Status = RowStatus.Ok, LineAfter = after, Index = index, Id = CsvFile.Quote(id), Texts = texts };
    }

    /// <summary>The rule for submitted numbers when they can be parsed on worker threads, or null for other shapes.</summary>
    internal static NumberRule? NumberRuleOf(Solution solution) => solution.PredictionShape != ValueShape.Number ? null
        : solution.Metric.PredictionsAreProbabilities ? NumberRule.Probability
        : solution.Metric.ValuesAreNonNegative ? NumberRule.NonNegative
        : NumberRule.Finite;

    /// <summary>Missing ids are listed in solution order, which reveals nothing beyond the public test file.</summary>
    static void ReportMissing(Solution solution, bool[] seen, ErrorList errors)
    {
        var missing = 0L;
        var examples = new List<string>(MissingIdsShown);
        for (var row = 0; row < seen.Length; row++)
        {
            if (seen[row]) continue;
            missing++;
            if (examples.Count < MissingIdsShown) examples.Add(CsvFile.Quote(solution.Ids.IdAt(row)));
        }
        if (missing == 0) return;
        var more = missing > examples.Count ? ", …" : "";
        // An unterminated quote swallows the rest of the file, so its rows look missing; say why.
        var cause = errors.Errors.Any(e => e.Code == ErrorCodes.UnterminatedQuote) ? " (an unterminated quote above may have swallowed their rows)" : "";
        errors.AddSummary(new ValidationError(ErrorCodes.MissingIds,
            $"{missing} id(s) of the test set have no row in the submission, for example: {string.Join(", ", examples)}{more}{cause}", null, solution.IdColumn));
    }
}

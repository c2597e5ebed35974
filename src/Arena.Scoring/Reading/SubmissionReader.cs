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

    public static SubmissionCheck Read(Solution solution, string path, long maxBytes = CsvSource.DefaultMaxBytes)
    {
        try
        {
            using var text = CsvSource.Open(path, maxBytes);
            return Read(solution, text);
        }
        catch (FileRejectedException e)
        {
            return new SubmissionCheck(null, [e.Error], 1);
        }
    }

    public static SubmissionCheck Read(Solution solution, TextReader text)
    {
        var errors = new ErrorList();
        try
        {
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
        catch (FileRejectedException e)
        {
            errors.Add(e.Error);
            return Rejected(errors);
        }
    }

    static SubmissionCheck Rejected(ErrorList errors) => new(null, errors.ToReport(), errors.TotalCount);

    /// <summary>Positions of the id column and of each target column; columns may come in any order.</summary>
    static int[]? MapColumns(Solution solution, string[] header, ErrorList errors)
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
            var hint = string.Equals(name, "Usage", StringComparison.OrdinalIgnoreCase) ? "; submissions have no Usage column" : "";
            errors.Add(new ValidationError(ErrorCodes.ExtraColumn, $"unexpected column '{CsvFile.Quote(name)}'; expected columns: {string.Join(",", expected)}{hint}", 1, CsvFile.Quote(name)));
        }
        return errors.HasErrors ? null : positions;
    }

    static void ReadRows(Solution solution, SepReader reader, string[] header, int[] positions, bool[] seen, PredictionBuilder builder, ErrorList errors)
    {
        var idPosition = positions[0];
        var idColumn = header[idPosition];
        while (reader.MoveNext())
        {
            var row = reader.Current;
            if (CsvFile.IsBlank(row)) continue;
            var line = CsvFile.LineOf(row, isHeader: false);
            if (row.ColCount != header.Length)
            {
                errors.Add(HasUnterminatedQuote(row)
                    ? new ValidationError(ErrorCodes.UnterminatedQuote, "a quoted field has no closing quote", line)
                    : new ValidationError(ErrorCodes.FieldCount, $"expected {header.Length} fields, found {row.ColCount}", line));
                continue;
            }
            if (!CsvFile.TryClean(row[idPosition].Span, out var id))
            {
                errors.Add(new ValidationError(ErrorCodes.UnterminatedQuote, "the quoted id has no closing quote", line, idColumn));
                continue;
            }
            if (id.IsEmpty)
            {
                errors.Add(new ValidationError(ErrorCodes.EmptyId, "the id is empty", line, idColumn));
                continue;
            }
            var index = solution.Ids.Find(id);
            if (index < 0)
            {
                errors.Add(new ValidationError(ErrorCodes.UnknownId, "this id is not in the test set", line, idColumn, CsvFile.Quote(id)));
                continue;
            }
            if (seen[index])
            {
                errors.Add(new ValidationError(ErrorCodes.DuplicateId, "this id already appeared on an earlier line; give each id exactly once", line, idColumn, CsvFile.Quote(id)));
                continue;
            }
            seen[index] = true;
            for (var column = 1; column < positions.Length; column++)
            {
                var position = positions[column];
                var problem = CsvFile.TryClean(row[position].Span, out var value)
                    ? builder.Set(index, column - 1, value)
                    : new Fields.Problem(ErrorCodes.UnterminatedQuote, "the quoted value has no closing quote");
                if (problem is { } p) errors.Add(new ValidationError(p.Code, p.Message, line, header[position], CsvFile.Quote(id)));
            }
            if (builder.EndRow(index, line, CsvFile.Quote(id)) is { } rowError) errors.Add(rowError);
        }
    }

    static bool HasUnterminatedQuote(SepReader.Row row)
    {
        for (var i = 0; i < row.ColCount; i++)
        {
            if (!CsvFile.TryClean(row[i].Span, out _)) return true;
        }
        return false;
    }

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
        errors.AddSummary(new ValidationError(ErrorCodes.MissingIds,
            $"{missing} id(s) of the test set have no row in the submission, for example: {string.Join(", ", examples)}{more}", null, solution.IdColumn));
    }
}

using Arena.Scoring.Validation;
using nietras.SeparatedValues;

namespace Arena.Scoring.Reading;

/// <summary>The header row of a file: cleaned column names, checked for blanks, bad quotes and duplicates.</summary>
internal static class Header
{
    public static string[]? Read(SepReader reader, ErrorList errors)
    {
        while (reader.MoveNext())
        {
            var row = reader.Current;
            if (CsvFile.IsBlank(row)) continue;
            var names = new string[row.ColCount];
            for (var i = 0; i < row.ColCount; i++)
            {
                var raw = row[i].Span;
                if (i == 0 && raw.StartsWith('\uFEFF')) raw = raw[1..];
                if (!CsvFile.TryClean(raw, out var name))
                {
                    errors.Add(new ValidationError(ErrorCodes.UnterminatedQuote, "a quoted column name has no closing quote", 1));
                    return null;
                }
                names[i] = name.ToString();
            }
            var ok = true;
            for (var i = 0; i < names.Length; i++)
            {
                if (names[i].Length == 0)
                {
                    errors.Add(new ValidationError(ErrorCodes.MissingColumn, $"column {i + 1} of the header has no name", 1));
                    ok = false;
                }
                else if (Array.IndexOf(names, names[i]) < i)
                {
                    errors.Add(new ValidationError(ErrorCodes.DuplicateColumn, $"the header names column '{names[i]}' twice", 1, names[i]));
                    ok = false;
                }
            }
            return ok ? names : null;
        }
        errors.Add(new ValidationError(ErrorCodes.EmptyFile, "the file is empty: it has no header row"));
        return null;
    }
}

using System.Globalization;
using Arena.Scoring.Reading;
using nietras.SeparatedValues;

namespace Arena.Server.Drafts;

/// <summary>
/// Streams a bundle's CSV (plain, gzip or zip, opened as the scorer opens files) row by row, so that a million-row
/// test file is read once with memory for the ids only. Fields are trimmed and unquoted as the scorer does.
/// </summary>
internal sealed class PublicCsv : IDisposable
{
    readonly TextReader _text;
    readonly SepReader _reader;

    PublicCsv(TextReader text, SepReader reader, string[] header) => (_text, _reader, Header) = (text, reader, header);

    public string[] Header { get; }

    /// <summary>Rows whose field count differs from the header's; they are skipped.</summary>
    public int MalformedRows { get; private set; }
    public long? FirstMalformedLine { get; private set; }

    /// <summary>Throws <see cref="FileRejectedException"/> for an empty, binary or unreadable file.</summary>
    public static PublicCsv Open(string path)
    {
        var text = CsvSource.Open(path);
        try
        {
            var reader = Sep.Reader(o => o with { Sep = new Sep(','), HasHeader = false, Unescape = false, DisableColCountCheck = true }).From(text);
            while (reader.MoveNext())
            {
                var row = reader.Current;
                if (IsBlank(row)) continue;
                var header = new string[row.ColCount];
                for (var i = 0; i < header.Length; i++) header[i] = Clean(i == 0 ? row[i].Span.TrimStart('\uFEFF') : row[i].Span);
                return new PublicCsv(text, reader, header);
            }
            return new PublicCsv(text, reader, []);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    public delegate void RowAction(long line, Row row);

    /// <summary>Calls <paramref name="action"/> for every well-formed, non-blank row after the header.</summary>
    public void ForEachRow(RowAction action, CancellationToken cancellation)
    {
        while (_reader.MoveNext())
        {
            var row = _reader.Current;
            if (IsBlank(row)) continue;
            if (row.ColCount != Header.Length)
            {
                MalformedRows++;
                FirstMalformedLine ??= row.LineNumberFrom;
                continue;
            }
            if ((row.RowIndex & 0xFFFF) == 0) cancellation.ThrowIfCancellationRequested();
            action(row.LineNumberFrom, new Row(row));
        }
    }

    /// <summary>A row's fields, cleaned on demand so that columns already ruled out cost nothing.</summary>
    public readonly ref struct Row(SepReader.Row row)
    {
        readonly SepReader.Row _row = row;

        public string Text(int column) => Clean(_row[column].Span);
    }

    public int IndexOf(string column) => Array.IndexOf(Header, column);

    static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row[0].Span.Trim().IsEmpty;

    /// <summary>Trims, drops surrounding quotes and undoubles inner quotes; a malformed quote is kept as written.</summary>
    public static string Clean(ReadOnlySpan<char> raw)
    {
        var value = raw.Trim();
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return value.ToString();
        return value[1..^1].ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
    }

    /// <summary>Equal as text, or as numbers when both sides are numbers ("1" equals "1.0"); <paramref name="number"/> is NaN for a non-number.</summary>
    public static bool Same(string field, string text, double number) =>
        string.Equals(field, text, StringComparison.Ordinal)
        || (!double.IsNaN(number) && TryNumber(field, out var value) && value == number);

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
    }
}

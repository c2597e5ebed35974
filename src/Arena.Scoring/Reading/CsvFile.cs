using nietras.SeparatedValues;

namespace Arena.Scoring.Reading;

/// <summary>Sep settings shared by every reader: comma only (no separator sniffing), raw fields so that quotes can be checked.</summary>
static class CsvFile
{
    public static SepReader Reader(TextReader text) => Sep.Reader(o => o with
    {
        Sep = new Sep(','),
        HasHeader = false,
        Unescape = false,
        DisableColCountCheck = true,
    }).From(text);

    /// <summary>A row that holds nothing at all, such as a blank line; skipped as pandas does.</summary>
    public static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row[0].Span.Trim().IsEmpty;

    /// <summary>True when some field opens a quote it never closes (Sep then swallows the rest of the file into it).</summary>
    public static bool HasUnterminatedQuote(SepReader.Row row)
    {
        for (var i = 0; i < row.ColCount; i++)
        {
            if (!TryClean(row[i].Span, out _)) return true;
        }
        return false;
    }

    /// <summary>Returns the field without surrounding spaces and quotes, or reports an unterminated quote.</summary>
    public static bool TryClean(ReadOnlySpan<char> raw, out ReadOnlySpan<char> value)
    {
        value = raw.Trim();
        if (value.IsEmpty || value[0] != '"') return true;
        if (value.Length < 2 || value[^1] != '"') return false;
        var inner = value[1..^1];
        if (!inner.Contains('"'))
        {
            value = inner;
            return true;
        }
        if (!IsEscapedProperly(inner)) return false;
        value = inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
        return true;
    }

    static bool IsEscapedProperly(ReadOnlySpan<char> inner)
    {
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] != '"') continue;
            if (i + 1 >= inner.Length || inner[i + 1] != '"') return false;
            i++;
        }
        return true;
    }

    /// <summary>Shortens a submitted value for an error message so a huge field cannot flood the report.</summary>
    public static string Quote(ReadOnlySpan<char> value)
    {
        const int max = 40;
        var text = value.Length <= max ? value.ToString() : string.Concat(value[..max], "…");
        return text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}

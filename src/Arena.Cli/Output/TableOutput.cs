using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Arena.Cli.Output;

/// <summary>A file size: "28 KB" in a table, bytes in CSV.</summary>
public readonly record struct ByteSize(long Bytes);

/// <summary>Text someone else wrote (a display name): guarded against spreadsheet formulas in CSV.</summary>
public readonly record struct UntrustedText(string Text);

/// <summary>
/// Tabular output in three forms: a Spectre table on a terminal; Kaggle's plain columns (header, dashes, rows) when
/// piped, so grep and awk work; and CSV with <c>--csv</c>. Cells are typed values, formatted here: dates as
/// "yyyy-MM-dd HH:mm:ss" (UTC) in tables and ISO 8601 in CSV, scores to 6 significant digits in tables and in full
/// (round-trip) in CSV, missing values as "-" in tables and empty in CSV.
/// </summary>
public static class TableOutput
{
    public static void Write(CliContext context, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, bool csv)
    {
        if (csv)
        {
            context.Output.Write(Csv(columns, rows));
            return;
        }
        var cells = rows.Select(row => row.Select(Human).ToArray()).ToList();
        if (context.Host.OutputIsTerminal) WriteSpectre(context, columns, cells);
        else WritePlain(context.Output, columns, cells);
    }

    public static string Csv(IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder().AppendJoin(',', columns).Append('\n');
        foreach (var row in rows) text.AppendJoin(',', row.Select(CsvCell)).Append('\n');
        return text.ToString();
    }

    static void WritePlain(TextWriter output, IReadOnlyList<string> columns, List<string[]> cells)
    {
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(columns.ToArray(), widths));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells) output.WriteLine(Line(row, widths));
    }

    static string Line(string[] cells, int[] widths) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();

    static void WriteSpectre(CliContext context, IReadOnlyList<string> columns, List<string[]> cells)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        foreach (var row in cells) table.AddRow(row.Select(c => (IRenderable)new Text(c)));
        Terminal.Console(context).Write(table);
    }

    public static string Human(object? value) => value switch
    {
        null => "-",
        string s => s.Length == 0 ? "-" : s,
        UntrustedText t => t.Text,
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double x => x.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        ByteSize size => Size(size.Bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string CsvCell(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        ByteSize size => size.Bytes.ToString(CultureInfo.InvariantCulture),
        UntrustedText t => Quote(t.Text.Length > 0 && t.Text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + t.Text : t.Text, always: true),
        string s => Quote(s, always: false),
        _ => Quote(Human(value), always: false),
    };

    /// <summary>RFC 4180 quoting; display names are always quoted, as the server's own export does (OWASP CSV injection).</summary>
    static string Quote(string text, bool always) =>
        always || text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>Kaggle's sizes: 28KB, 1MB.</summary>
    static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes}B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#}KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#}MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.#}GB"),
    };
}

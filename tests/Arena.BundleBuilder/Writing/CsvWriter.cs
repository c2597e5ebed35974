namespace Arena.BundleBuilder.Writing;

/// <summary>Writes RFC 4180 CSV: a header, then rows, quoting only the fields that need it.</summary>
public sealed class CsvWriter : IDisposable
{
    readonly StreamWriter _writer;
    readonly int _width;

    public CsvWriter(string path, IReadOnlyList<string> header)
    {
        _writer = TextFiles.Create(path);
        _width = header.Count;
        WriteRow(header);
    }

    public void WriteRow(IReadOnlyList<string> cells)
    {
        if (cells.Count != _width)
            throw new InvalidOperationException($"a row of {cells.Count} cells in a file of {_width} columns");
        _writer.WriteLine(string.Join(',', cells.Select(Escape)));
    }

    static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    public void Dispose() => _writer.Dispose();
}

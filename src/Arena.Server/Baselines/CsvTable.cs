using nietras.SeparatedValues;

namespace Arena.Server.Baselines;

/// <summary>One data row of a CSV file, with the line it starts on so that errors can point at it.</summary>
internal sealed record CsvLine(int Number, string[] Cells);

/// <summary>A whole CSV file in memory: the baseline's inputs are competition data files, small enough to hold.</summary>
internal sealed class CsvTable
{
    CsvTable(string fileName, string[] header, List<CsvLine> rows) => (FileName, Header, Rows) = (fileName, header, rows);

    /// <summary>The file's name without its folder, as messages name it ("train.csv").</summary>
    public string FileName { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvLine> Rows { get; }

    public bool Has(string column) => Header.Contains(column, StringComparer.Ordinal);

    public int IndexOf(string column)
    {
        var index = Array.IndexOf((string[])Header, column);
        return index >= 0 ? index : throw new BaselineException($"{FileName} has no column '{column}'");
    }

    /// <summary>Reads a comma-separated file with a header; throws <see cref="BaselineException"/> naming the file and line.</summary>
    public static CsvTable Read(string path, CancellationToken cancellation)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new BaselineException($"{name} does not exist ({path})");
        try
        {
            // A fixed comma (no sniffing) and our own column-count check, so a blank line is skipped rather than fatal.
            using var reader = Sep.Reader(o => o with
            {
                Sep = new Sep(','),
                HasHeader = true,
                Unescape = true,
                Trim = SepTrim.All,
                DisableColCountCheck = true,
            }).FromFile(path);
            var header = reader.Header.ColNames.ToArray();
            if (header.Length == 0 || header.All(string.IsNullOrEmpty)) throw new BaselineException($"{name} has no header row");
            var rows = new List<CsvLine>();
            foreach (var row in reader)
            {
                if (row.ColCount == 1 && row[0].Span.IsEmpty) continue;
                if (row.ColCount != header.Length)
                    throw new BaselineException($"{name}, line {row.LineNumberFrom}: {row.ColCount} fields, but the header has {header.Length}");
                rows.Add(new CsvLine(row.LineNumberFrom, row[..].ToStringsArray()));
                if (rows.Count % 4096 == 0) cancellation.ThrowIfCancellationRequested();
            }
            return rows.Count > 0 ? new CsvTable(name, header, rows) : throw new BaselineException($"{name} has no data rows");
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            // Sep's own complaints, such as a duplicate column name.
            throw new BaselineException($"{name}: {e.Message}");
        }
    }
}

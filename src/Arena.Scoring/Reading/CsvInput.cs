namespace Arena.Scoring.Reading;

/// <summary>
/// A CSV that can be opened more than once: the fast parallel pass reads it once, and only a file with errors is
/// read again, carefully, to report them in line order.
/// </summary>
public sealed class CsvInput
{
    readonly Func<TextReader> _open;

    CsvInput(Func<TextReader> open) => _open = open;

    /// <summary>A plain, gzip or single-entry zip CSV file, capped at <paramref name="maxBytes"/> once decompressed.</summary>
    public static CsvInput FromFile(string path, long maxBytes = CsvSource.DefaultMaxBytes) => new(() => CsvSource.Open(path, maxBytes));

    /// <summary>CSV text already in memory (tests, small uploads).</summary>
    public static CsvInput FromText(string text) => new(() => new StringReader(text));

    /// <summary>Opens a new reader at the start; file-level problems throw <see cref="FileRejectedException"/>.</summary>
    internal TextReader Open() => _open();
}

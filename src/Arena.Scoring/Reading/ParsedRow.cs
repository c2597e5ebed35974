namespace Arena.Scoring.Reading;

/// <summary>What a worker thread made of one CSV row; the in-order consumer turns it into stored values or errors.</summary>
internal readonly struct ParsedRow
{
    public required RowStatus Status { get; init; }

    /// <summary>The line after the row; the row's own first line is the previous row's value (Sep's first-line count is unreliable in batches).</summary>
    public required long LineAfter { get; init; }

    public int Index { get; init; }
    public long IntegerId { get; init; }
    public double Number { get; init; }

    /// <summary>The id as text, only when a message or a text index needs it.</summary>
    public string? Id { get; init; }

    /// <summary>Cleaned target fields, for shapes that are stored by the consumer.</summary>
    public string[]? Texts { get; init; }

    public int FieldCount { get; init; }
    public int ProblemColumn { get; init; }
    public Fields.Problem? Problem { get; init; }
}

internal enum RowStatus : byte
{
    Ok,
    Blank,
    FieldCount,
    UnterminatedQuote,
    EmptyId,
    UnknownId,
    BadValue,
}

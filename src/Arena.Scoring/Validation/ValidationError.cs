using System.Text;

namespace Arena.Scoring.Validation;

/// <summary>
/// One problem found in a file. <see cref="Line"/> is 1-based with the header as line 1.
/// Messages quote at most the submitted text, never a solution value, and never say whether an id is Public or Private.
/// </summary>
public sealed record ValidationError(string Code, string Message, long? Line = null, string? Column = null, string? Id = null)
{
    public override string ToString()
    {
        var where = new StringBuilder();
        if (Line is { } line) where.Append("line ").Append(line);
        if (Column is not null) where.Append(where.Length > 0 ? ", " : "").Append("column '").Append(Column).Append('\'');
        if (Id is not null) where.Append(where.Length > 0 ? ", " : "").Append("id '").Append(Id).Append('\'');
        return where.Length > 0 ? $"{where}: {Message}" : Message;
    }
}

/// <summary>Well-known error codes, stable for API clients.</summary>
public static class ErrorCodes
{
    public const string EmptyFile = "empty_file";
    public const string BinaryFile = "binary_file";
    public const string Utf16File = "utf16_file";
    public const string TooLarge = "too_large";
    public const string BadArchive = "bad_archive";
    public const string MissingColumn = "missing_column";
    public const string ExtraColumn = "extra_column";
    public const string DuplicateColumn = "duplicate_column";
    public const string ColumnOrder = "column_order";
    public const string FieldCount = "field_count";
    public const string UnterminatedQuote = "unterminated_quote";
    public const string EmptyId = "empty_id";
    public const string DuplicateId = "duplicate_id";
    public const string UnknownId = "unknown_id";
    public const string MissingIds = "missing_ids";
    public const string EmptyValue = "empty_value";
    public const string NotANumber = "not_a_number";
    public const string NotFinite = "not_finite";
    public const string OutOfRange = "out_of_range";
    public const string NoRows = "no_rows";
    public const string TooManyErrors = "too_many_errors";
}

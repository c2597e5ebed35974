using Arena.Scoring.Validation;

namespace Arena.Scoring.Reading;

/// <summary>A file-level problem (empty, binary, too large, bad archive) that stops reading before any row.</summary>
public sealed class FileRejectedException(ValidationError error) : Exception(error.Message)
{
    public ValidationError Error { get; } = error;
}

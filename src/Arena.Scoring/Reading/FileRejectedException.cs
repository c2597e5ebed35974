using Arena.Scoring.Validation;

namespace Arena.Scoring.Reading;

/// <summary>A file-level problem (empty, binary, too large, bad archive) that stops reading before any row.</summary>
public sealed class FileRejectedException(ValidationError error) : Exception(error.Message)
{
    public ValidationError Error { get; } = error;

    /// <summary>Finds the rejection inside the AggregateException that Sep's parallel (PLINQ) reading wraps it in.</summary>
    public static FileRejectedException? Find(Exception e) => e switch
    {
        FileRejectedException rejected => rejected,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.Select(Find).FirstOrDefault(r => r is not null),
        _ => null,
    };
}

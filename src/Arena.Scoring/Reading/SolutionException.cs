using Arena.Scoring.Validation;

namespace Arena.Scoring.Reading;

/// <summary>The solution file cannot be used. Only organizers see these messages, so they may quote solution values.</summary>
public sealed class SolutionException(IReadOnlyList<ValidationError> errors)
    : Exception("the solution file is invalid: " + string.Join("; ", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    public SolutionException(ValidationError error) : this([error]) { }
}

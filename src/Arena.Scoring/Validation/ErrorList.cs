namespace Arena.Scoring.Validation;

/// <summary>Collects the first <see cref="Limit"/> errors of a file and counts the rest.</summary>
public sealed class ErrorList
{
    public const int DefaultLimit = 20;
    readonly List<ValidationError> _errors = [];

    public ErrorList(int limit = DefaultLimit) => Limit = limit;

    public int Limit { get; }
    public long TotalCount { get; private set; }
    public bool IsFull => _errors.Count >= Limit;
    public bool HasErrors => TotalCount > 0;
    public IReadOnlyList<ValidationError> Errors => _errors;

    public void Add(ValidationError error)
    {
        TotalCount++;
        if (_errors.Count < Limit) _errors.Add(error);
    }

    /// <summary>Adds a whole-file finding (such as the count of missing ids) even when the list is full.</summary>
    public void AddSummary(ValidationError error)
    {
        TotalCount++;
        _errors.Add(error);
    }

    /// <summary>The reported errors, plus a closing line when more were found than reported.</summary>
    public IReadOnlyList<ValidationError> ToReport()
    {
        if (TotalCount <= _errors.Count) return _errors.ToArray();
        var more = TotalCount - _errors.Count;
        return [.. _errors, new ValidationError(ErrorCodes.TooManyErrors, $"{more} more error(s) not shown; fix the ones above first")];
    }
}

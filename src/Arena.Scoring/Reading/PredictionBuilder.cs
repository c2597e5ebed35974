using Arena.Scoring.Metrics;
using Arena.Scoring.Validation;

namespace Arena.Scoring.Reading;

/// <summary>Stores a submission's parsed values at their solution row, in the shape the metric reads.</summary>
internal sealed class PredictionBuilder
{
    readonly Solution _solution;
    readonly double[]? _numbers;
    readonly int[]? _classes;
    readonly ClassSet? _classSet;
    readonly double[]? _probabilities;
    readonly string[][]? _items;
    readonly int _classCount;

    public PredictionBuilder(Solution solution)
    {
        _solution = solution;
        var n = solution.RowCount;
        switch (solution.PredictionShape)
        {
            case ValueShape.Number: _numbers = GC.AllocateUninitializedArray<double>(n); break;
            case ValueShape.Label: _classes = new int[n]; _classSet = solution.Truth.ClassSet!.Copy(); break;
            case ValueShape.ClassColumns:
                _classCount = solution.TargetColumns.Count;
                _probabilities = GC.AllocateUninitializedArray<double>(checked(n * _classCount));
                break;
            default: _items = new string[n][]; break;
        }
    }

    public void SetNumber(int row, double value) => _numbers![row] = value;

    public Fields.Problem? Set(int row, int column, ReadOnlySpan<char> text)
    {
        var metric = _solution.Metric;
        switch (_solution.PredictionShape)
        {
            case ValueShape.Number:
                return metric.PredictionsAreProbabilities ? Fields.Probability(text, out _numbers![row])
                    : metric.ValuesAreNonNegative ? Fields.NonNegative(text, out _numbers![row])
                    : Fields.Number(text, out _numbers![row]);
            case ValueShape.Label:
            {
                var problem = Fields.Label(text, metric.LabelsAreIntegers, out var label);
                if (problem is null) _classes![row] = _classSet!.GetOrAdd(label);
                return problem;
            }
            case ValueShape.ClassColumns:
                return Fields.Probability(text, out _probabilities![(row * _classCount) + column]);
            default:
                _items![row] = Fields.Items(text);
                return null;
        }
    }

    /// <summary>Checks the row as a whole: class probabilities must not all be 0, or they cannot be normalised.</summary>
    public ValidationError? EndRow(int row, long line, string id)
    {
        if (_probabilities is null) return null;
        double sum = 0;
        foreach (var p in _probabilities.AsSpan(row * _classCount, _classCount)) sum += p;
        return sum > 0 ? null : new ValidationError(ErrorCodes.OutOfRange, "the class probabilities of this row are all 0, so they cannot be normalised", line, null, id);
    }

    public Predictions Build() => new()
    {
        Numbers = _numbers,
        Classes = _classes,
        ClassSet = _classSet,
        Probabilities = _probabilities,
        Items = _items,
    };
}

namespace Arena.Scoring.Metrics;

/// <summary>The solution's targets in the form its metric reads, indexed by solution row.</summary>
public sealed class Truth
{
    /// <summary>Number shape: the target of each row. Binary labels are 0 or 1.</summary>
    internal double[]? Numbers { get; init; }

    /// <summary>Label and class-column shapes: the class index of each row.</summary>
    internal int[]? Classes { get; init; }

    /// <summary>The classes: labels in order of first appearance, or the class columns' names.</summary>
    internal ClassSet? ClassSet { get; init; }

    /// <summary>Items shape: the relevant items of each row.</summary>
    internal string[][]? Items { get; init; }

    /// <summary>Graded-items shape: the graded items of each row.</summary>
    internal GradedItem[][]? Graded { get; init; }

    /// <summary>True when every label is 0 or 1, so accuracy reads submitted values as probabilities or 0/1 labels.</summary>
    internal bool LabelsAreBinary { get; init; }
}

internal readonly record struct GradedItem(string Item, int Grade);

/// <summary>The predictions of one submission, indexed by solution row.</summary>
public sealed class Predictions
{
    internal double[]? Numbers { get; init; }

    /// <summary>Class index of each row; a label the solution never uses gets an index past the solution's classes.</summary>
    internal int[]? Classes { get; init; }

    /// <summary>The solution's classes plus any extra labels the submission used.</summary>
    internal ClassSet? ClassSet { get; init; }

    /// <summary>Class-column shape: row-major probabilities, <c>ClassSet.Count</c> per row.</summary>
    internal double[]? Probabilities { get; init; }

    internal string[][]? Items { get; init; }
}

/// <summary>Labels numbered in order of first appearance.</summary>
internal sealed class ClassSet
{
    readonly Dictionary<string, int> _index;
    readonly List<string> _names;

    public ClassSet() : this([], new Dictionary<string, int>(StringComparer.Ordinal)) { }

    ClassSet(List<string> names, Dictionary<string, int> index) => (_names, _index) = (names, index);

    public int Count => _names.Count;
    public IReadOnlyList<string> Names => _names;

    public int IndexOf(string label) => _index.TryGetValue(label, out var i) ? i : -1;

    public int GetOrAdd(string label)
    {
        if (_index.TryGetValue(label, out var i)) return i;
        _index.Add(label, _names.Count);
        _names.Add(label);
        return _names.Count - 1;
    }

    public ClassSet Copy() => new([.. _names], new Dictionary<string, int>(_index, StringComparer.Ordinal));
}

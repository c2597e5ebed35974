namespace Arena.Scoring.Metrics;

public enum MetricTask { Binary, Multiclass, Regression, Ranking }

/// <summary>How a solution's or a submission's target columns are read.</summary>
public enum ValueShape
{
    /// <summary>One numeric column.</summary>
    Number,
    /// <summary>One label column; labels that are numbers compare as numbers ("1" equals "1.0").</summary>
    Label,
    /// <summary>One column per class: 0/1 in the solution, probabilities in the submission.</summary>
    ClassColumns,
    /// <summary>One column of space-separated item ids.</summary>
    Items,
    /// <summary>One column of space-separated <c>item:grade</c> pairs (solutions of graded ranking metrics).</summary>
    GradedItems,
}

/// <summary>A tunable number of a metric, such as <c>k</c> or <c>eps</c>.</summary>
public sealed record MetricParameter(string Name, double DefaultValue, string Description, double Min, double Max, bool IsInteger = false);

/// <summary>A metric of the catalogue. Values are computed in double precision to match scikit-learn's definitions.</summary>
public abstract class Metric
{
    public abstract string Name { get; }
    public abstract MetricTask Task { get; }
    public abstract bool HigherIsBetter { get; }

    /// <summary>One paragraph, shown by <c>arena metrics</c> and in the README.</summary>
    public abstract string Definition { get; }

    public virtual IReadOnlyList<MetricParameter> Parameters => [];

    /// <summary>How the solution's target columns are read.</summary>
    public abstract ValueShape TruthShape { get; }

    /// <summary>How the submission's columns are read, which may depend on the solution (binary or multiclass accuracy).</summary>
    internal virtual ValueShape PredictionShape(Truth truth) => TruthShape == ValueShape.GradedItems ? ValueShape.Items : TruthShape;

    /// <summary>True when submitted numbers must lie in [0, 1].</summary>
    internal virtual bool PredictionsAreProbabilities => false;

    /// <summary>True when labels must be integers (ratings).</summary>
    internal virtual bool LabelsAreIntegers => false;

    /// <summary>True when solution numbers must be 0 or 1.</summary>
    internal virtual bool TruthIsBinary => false;

    /// <summary>True when numbers on both sides must be non-negative (logarithmic errors).</summary>
    internal virtual bool ValuesAreNonNegative => false;

    /// <summary>A reason the solution cannot be scored with this metric on these rows (for example AUC with one class), or null.</summary>
    internal virtual string? CheckTruth(Truth truth, ReadOnlySpan<int> rows) => null;

    internal abstract double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings);

    public override string ToString() => Name;
}

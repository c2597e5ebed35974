using Arena.BundleBuilder.Specs;
using Arena.BundleBuilder.Splitting;

namespace Arena.BundleBuilder.Building;

/// <summary>A bundle's rows after the split, with the class list that fixes the order of class columns.</summary>
public sealed record BundleData(BundleSpec Spec, IReadOnlyList<string> FeatureNames, Split Split)
{
    /// <summary>The distinct labels in ordinal order (empty for regression); for binary tasks "0" and "1".</summary>
    public IReadOnlyList<string> Classes { get; } = Spec.IsClassification
        ? [.. Split.Train.Concat(Split.Test).Select(r => r.Label).Distinct().Order(StringComparer.Ordinal)]
        : [];

    /// <summary>The solution's target columns, which are also the submission's columns after the id.</summary>
    public IReadOnlyList<string> TargetColumns => Spec.Task == TaskKind.ClassProbabilities
        ? [.. Classes.Select(c => $"{Spec.TargetColumn}_{c}")]
        : [Spec.TargetColumn];

    /// <summary>The solution cells for one true label: the label itself, or a one-hot row for class probabilities.</summary>
    public string[] SolutionCells(string label) => Spec.Task == TaskKind.ClassProbabilities
        ? [.. Classes.Select(c => c == label ? "1" : "0")]
        : [label];
}

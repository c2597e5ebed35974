using Arena.BundleBuilder.Trainers;

namespace Arena.BundleBuilder.Specs;

/// <summary>What the submission holds, which decides the solution columns, the sample values and how benchmarks answer.</summary>
public enum TaskKind
{
    /// <summary>One 0/1 target column; submissions give a score or probability of class 1.</summary>
    Binary,

    /// <summary>One string label column; submissions give the predicted label.</summary>
    Label,

    /// <summary>One numeric target column; submissions give the predicted value.</summary>
    Regression,

    /// <summary>One 0/1 column per class in the solution; submissions give a probability per class.</summary>
    ClassProbabilities,
}

/// <summary>Everything that defines one bundle; the builder turns it into files.</summary>
public sealed record BundleSpec
{
    public required string Slug { get; init; }
    public required string DatasetFile { get; init; }
    public required string SourceLabelColumn { get; init; }
    public required TaskKind Task { get; init; }

    /// <summary>The label column in train.csv and the solution's target column (for class probabilities, the prefix of each class column).</summary>
    public required string TargetColumn { get; init; }

    /// <summary>For <see cref="TaskKind.Binary"/>: the source label that becomes target 1.</summary>
    public string? PositiveClass { get; init; }

    public required ulong Seed { get; init; }
    public required string Metric { get; init; }

    /// <summary>YAML flow mapping, e.g. <c>{}</c> or <c>{ eps: 1e-15 }</c>.</summary>
    public string MetricParameters { get; init; } = "{}";

    public required string Title { get; init; }
    public required string Description { get; init; }

    /// <summary>Markdown for the overview's Task section.</summary>
    public required string TaskText { get; init; }

    /// <summary>Markdown describing the feature columns.</summary>
    public required string ColumnsText { get; init; }

    /// <summary>Source and licence, kept from the datasets README.</summary>
    public required string Attribution { get; init; }

    public required IReadOnlyList<IBenchmark> Benchmarks { get; init; }

    /// <summary>The bundle's human-baseline study (the <c>humanStudy:</c> section of competition.yaml), or none.</summary>
    public HumanStudySpec? HumanStudy { get; init; }

    public bool IsClassification => Task != TaskKind.Regression;
}

/// <summary>How people label this bundle's test items in the browser; the seed fixes the sample, as the split seed fixes the split.</summary>
public sealed record HumanStudySpec(string Render, int Sample, int Seed, int Practice, int AnnotatorsPerItem = 1, string Aggregation = "meanOfIndividuals");

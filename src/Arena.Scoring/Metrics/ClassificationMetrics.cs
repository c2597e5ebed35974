namespace Arena.Scoring.Metrics;

/// <summary>Accuracy for both tasks: thresholded like the other binary metrics when every label is 0 or 1, exact label match otherwise.</summary>
internal sealed class AccuracyMetric : Metric
{
    public override string Name => "accuracy";
    public override MetricTask Task => MetricTask.Multiclass;
    public override bool HigherIsBetter => true;
    public override ValueShape TruthShape => ValueShape.Label;
    public override IReadOnlyList<MetricParameter> Parameters { get; } = [ThresholdMetric.ThresholdParameter];

    public override string Definition =>
        "The share of rows whose predicted label equals the true label, as sklearn's accuracy_score. Labels may be strings or " +
        "integers; labels that are numbers compare as numbers. When every solution label is 0 or 1 (a binary task), a submitted " +
        "value counts as 1 when it is at least `threshold` (default 0.5), so probabilities work too.";

    internal override ValueShape PredictionShape(Truth truth) => truth.LabelsAreBinary ? ValueShape.Number : ValueShape.Label;

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        if (truth.LabelsAreBinary)
            return ConfusionCounts.Count(truth.Numbers!, predictions.Numbers!, rows, settings["threshold"]).Accuracy();
        long correct = 0;
        foreach (var row in rows) if (truth.Classes![row] == predictions.Classes![row]) correct++;
        return correct / (double)rows.Length;
    }
}

/// <summary>Per-class counts over the union of the classes seen on the scored rows, as sklearn's label handling.</summary>
internal sealed class ClassConfusion
{
    public required int ClassCount { get; init; }
    public required long[] Matrix { get; init; } // [true * ClassCount + predicted]
    public required long[] TrueCounts { get; init; }
    public required long[] PredictedCounts { get; init; }
    public long Total { get; init; }

    public bool IsPresent(int c) => TrueCounts[c] > 0 || PredictedCounts[c] > 0;

    public static ClassConfusion Build(Truth truth, Predictions predictions, ReadOnlySpan<int> rows)
    {
        var k = predictions.ClassSet!.Count;
        var matrix = new long[k * k];
        var trueCounts = new long[k];
        var predictedCounts = new long[k];
        foreach (var row in rows)
        {
            int t = truth.Classes![row], p = predictions.Classes![row];
            matrix[(t * k) + p]++;
            trueCounts[t]++;
            predictedCounts[p]++;
        }
        return new ClassConfusion { ClassCount = k, Matrix = matrix, TrueCounts = trueCounts, PredictedCounts = predictedCounts, Total = rows.Length };
    }

    public double F1(int c) => FScore.F1(Matrix[(c * ClassCount) + c], PredictedCounts[c] - Matrix[(c * ClassCount) + c], TrueCounts[c] - Matrix[(c * ClassCount) + c]);
}

internal sealed class LabelMetric(string name, string definition, Func<ClassConfusion, double> formula) : Metric
{
    public override string Name => name;
    public override MetricTask Task => MetricTask.Multiclass;
    public override bool HigherIsBetter => true;
    public override ValueShape TruthShape => ValueShape.Label;
    public override string Definition => definition;

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings) =>
        formula(ClassConfusion.Build(truth, predictions, rows));

    public static double BalancedAccuracy(ClassConfusion c)
    {
        var sum = new AccurateSum();
        var classes = 0;
        for (var i = 0; i < c.ClassCount; i++)
        {
            if (c.TrueCounts[i] == 0) continue; // sklearn drops classes absent from y_true
            sum.Add(c.Matrix[(i * c.ClassCount) + i] / (double)c.TrueCounts[i]);
            classes++;
        }
        return sum.Value / classes;
    }

    public static double MacroF1(ClassConfusion c)
    {
        var sum = new AccurateSum();
        var classes = 0;
        for (var i = 0; i < c.ClassCount; i++)
        {
            if (!c.IsPresent(i)) continue;
            sum.Add(c.F1(i));
            classes++;
        }
        return sum.Value / classes;
    }

    public static double WeightedF1(ClassConfusion c)
    {
        var sum = new AccurateSum();
        for (var i = 0; i < c.ClassCount; i++)
        {
            if (c.TrueCounts[i] > 0) sum.Add(c.F1(i) * c.TrueCounts[i]);
        }
        return sum.Value / c.Total;
    }
}

internal sealed class QuadraticKappaMetric : Metric
{
    public override string Name => "qwk";
    public override MetricTask Task => MetricTask.Multiclass;
    public override bool HigherIsBetter => true;
    public override ValueShape TruthShape => ValueShape.Label;
    internal override bool LabelsAreIntegers => true;

    public override string Definition =>
        "Quadratic weighted kappa on integer ratings, as sklearn's cohen_kappa_score(weights=\"quadratic\"): " +
        "1 - sum(W*O)/sum(W*E) with O the confusion matrix, E the outer product of its marginals over n, and W[i,j] = (i-j)^2, " +
        "where i and j index the sorted union of the ratings that occur (sklearn's rule; equal to value distance when every rating in between occurs).";

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var c = ClassConfusion.Build(truth, predictions, rows);
        var names = predictions.ClassSet!.Names;
        var present = Enumerable.Range(0, c.ClassCount).Where(c.IsPresent)
            .OrderBy(i => long.Parse(names[i], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        double observed = 0, expected = 0, n = c.Total;
        for (var a = 0; a < present.Length; a++)
        {
            for (var b = 0; b < present.Length; b++)
            {
                double weight = (a - b) * (a - b);
                observed += weight * c.Matrix[(present[a] * c.ClassCount) + present[b]];
                expected += weight * (c.TrueCounts[present[a]] * (double)c.PredictedCounts[present[b]] / n);
            }
        }
        return 1 - (observed / expected);
    }
}

internal sealed class MulticlassLogLossMetric : Metric
{
    public override string Name => "multiclass_logloss";
    public override MetricTask Task => MetricTask.Multiclass;
    public override bool HigherIsBetter => false;
    public override ValueShape TruthShape => ValueShape.ClassColumns;
    internal override bool PredictionsAreProbabilities => true;
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
        [new("eps", 1e-15, "probabilities are clipped to [eps, 1-eps] after normalising each row (Kaggle's rule)", 1e-300, 0.1)];

    public override string Definition =>
        "Multiclass cross-entropy in natural log, Kaggle's rule: the solution is one-hot with one column per class, the " +
        "submission gives one probability column per class; each submitted row is divided by its sum, clipped to [eps, 1-eps] " +
        "(eps=1e-15), and the score is the mean of -log(p) of the true class.";

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var eps = settings["eps"];
        var k = truth.ClassSet!.Count;
        var probabilities = predictions.Probabilities!;
        var sum = new AccurateSum();
        foreach (var row in rows)
        {
            var values = probabilities.AsSpan(row * k, k);
            double rowSum = 0;
            foreach (var v in values) rowSum += v;
            var p = Math.Clamp(values[truth.Classes![row]] / rowSum, eps, 1 - eps);
            sum.Add(-Math.Log(p));
        }
        return sum.Value / rows.Length;
    }
}

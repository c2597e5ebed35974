using Arena.BundleBuilder.Building;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Arena.BundleBuilder.Trainers;

/// <summary>L-BFGS logistic regression on min-max normalised features; answers the calibrated probability of class 1.</summary>
public sealed class BinaryTrainer : IBenchmark
{
    public string FileStem => "lbfgs_logistic_regression";
    public string Name => "ML.NET L-BFGS logistic regression";
    public string Method => "LbfgsLogisticRegression, min-max normalised features, one thread, MLContext seed 0";

    public IReadOnlyList<string[]> Predict(BundleData data)
    {
        var ml = new MLContext(seed: 0);
        var width = data.FeatureNames.Count;
        var train = ModelRows.Load(ml, data.Split.Train.Select(r => new BinaryRow { Label = r.Label == "1", Features = ModelRows.Parse(r.Features) }), width);
        var test = ModelRows.Load(ml, data.Split.Test.Select(r => new BinaryRow { Features = ModelRows.Parse(r.Features) }), width);

        // One thread: a parallel gradient sum could differ in the last bits between runs.
        var options = new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 };
        var model = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options))
            .Fit(train);

        return [.. ml.Data.CreateEnumerable<ProbabilityOutput>(model.Transform(test), reuseRowObject: false)
            .Select(p => new[] { ModelRows.Format(p.Probability) })];
    }
}

using Arena.BundleBuilder.Building;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Arena.BundleBuilder.Trainers;

/// <summary>SDCA linear regression on min-max normalised features; answers the predicted value.</summary>
public sealed class RegressionTrainer : IBenchmark
{
    public string FileStem => "sdca_regression";
    public string Name => "ML.NET SDCA linear regression";
    public string Method => "Sdca regression, min-max normalised features, one thread, MLContext seed 0";

    public IReadOnlyList<string[]> Predict(BundleData data)
    {
        var ml = new MLContext(seed: 0);
        var width = data.FeatureNames.Count;
        var train = ModelRows.Load(ml, data.Split.Train.Select(r => new NumericRow { Label = ModelRows.Parse([r.Label])[0], Features = ModelRows.Parse(r.Features) }), width);
        var test = ModelRows.Load(ml, data.Split.Test.Select(r => new NumericRow { Features = ModelRows.Parse(r.Features) }), width);

        // One thread keeps SDCA's coordinate updates in a fixed order, so reruns give identical bits.
        var options = new SdcaRegressionTrainer.Options { NumberOfThreads = 1 };
        var model = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.Regression.Trainers.Sdca(options))
            .Fit(train);

        return [.. ml.Data.CreateEnumerable<ScoreOutput>(model.Transform(test), reuseRowObject: false)
            .Select(p => new[] { ModelRows.Format(p.Score) })];
    }
}

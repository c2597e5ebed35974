using Arena.BundleBuilder.Building;
using Arena.BundleBuilder.Specs;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace Arena.BundleBuilder.Trainers;

/// <summary>
/// A multiclass trainer on min-max normalised features. Answers the predicted label for label tasks, or one
/// probability per class, in the solution's column order, for class-probability tasks.
/// </summary>
public sealed class MulticlassTrainer : IBenchmark
{
    readonly Func<MLContext, IEstimator<ITransformer>> _trainer;

    MulticlassTrainer(string fileStem, string name, string method, Func<MLContext, IEstimator<ITransformer>> trainer) =>
        (FileStem, Name, Method, _trainer) = (fileStem, name, method, trainer);

    public string FileStem { get; }
    public string Name { get; }
    public string Method { get; }

    // One thread in both: parallel updates could differ in the last bits between runs.
    public static MulticlassTrainer SdcaMaximumEntropy() => new(
        "sdca_maximum_entropy", "ML.NET SDCA maximum entropy",
        "SdcaMaximumEntropy, min-max normalised features, one thread, MLContext seed 0",
        ml => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }));

    public static MulticlassTrainer LbfgsMaximumEntropy() => new(
        "lbfgs_maximum_entropy", "ML.NET L-BFGS maximum entropy",
        "LbfgsMaximumEntropy, min-max normalised features, one thread, MLContext seed 0",
        ml => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }));

    public IReadOnlyList<string[]> Predict(BundleData data)
    {
        var ml = new MLContext(seed: 0);
        var width = data.FeatureNames.Count;
        var train = ModelRows.Load(ml, data.Split.Train.Select(r => new StringLabelRow { Label = r.Label, Features = ModelRows.Parse(r.Features) }), width);
        var test = ModelRows.Load(ml, data.Split.Test.Select(r => new StringLabelRow { Features = ModelRows.Parse(r.Features) }), width);

        var model = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(_trainer(ml))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(train);
        var predictions = model.Transform(test);
        var outputs = ml.Data.CreateEnumerable<MulticlassOutput>(predictions, reuseRowObject: false).ToList();

        if (data.Spec.Task != TaskKind.ClassProbabilities)
            return [.. outputs.Select(p => new[] { p.PredictedLabel })];

        var columnOf = ScoreColumns(predictions, data.Classes);
        return [.. outputs.Select(p => data.Classes.Select((_, c) => ModelRows.Format(p.Score[columnOf[c]])).ToArray())];
    }

    /// <summary>For each class in solution order, its slot in the Score vector: slot i belongs to the label key i+1.</summary>
    static int[] ScoreColumns(IDataView predictions, IReadOnlyList<string> classes)
    {
        VBuffer<ReadOnlyMemory<char>> keys = default;
        predictions.Schema["Label"].GetKeyValues(ref keys);
        var slots = keys.DenseValues().Select(k => k.ToString()).ToList();
        return [.. classes.Select(c => slots.IndexOf(c) is var i and >= 0
            ? i
            : throw new InvalidOperationException($"class '{c}' never occurs in train.csv, so the model has no score for it"))];
    }
}

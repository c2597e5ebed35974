using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace Arena.Server.Baselines;

/// <summary>A multiclass model's answers: the predicted class per test row, and its probabilities in <see cref="Classes"/> order.</summary>
internal sealed record ClassPredictions(string[] Labels, float[][] Probabilities, string[] Classes);

/// <summary>
/// The ML.NET pipelines. Every one replaces a missing feature by its training mean first, runs on one thread (a
/// parallel sum could differ in the last bits between runs) and uses the caller's <c>MLContext(seed: 0)</c>.
/// </summary>
internal static class BaselineModels
{
    public const string FastTreeMethod =
        "FastTree gradient-boosted trees (100 trees, 20 leaves, learning rate 0.2, at least 10 rows per leaf), " +
        "missing features replaced by the training mean, one thread, MLContext seed 0";

    public const string MaximumEntropyMethod =
        "SdcaMaximumEntropy on min-max normalised features, missing features replaced by the training mean, one thread, MLContext seed 0";

    public const string CalibrationMethod =
        "the trees learn from four fifths of train.csv and Platt's sigmoid is fitted on the other fifth (every fifth row of each class)";

    /// <summary>
    /// The probability of class 1. FastTree's own probability is a fixed sigmoid of the boosted score, overconfident on
    /// small sets (breast-cancer log-loss 0.41 Public / 0.42 Private, with mistakes at 1e-8); Platt's sigmoid fitted on
    /// rows the trees never saw brought it to 0.21 / 0.13. The split is by position, so it needs no random numbers.
    /// </summary>
    public static float[] Binary(MLContext ml, BaselineData data)
    {
        var labels = data.BinaryLabels();
        var seen = new int[2];
        var calibrates = labels.Select(l => seen[l ? 1 : 0]++ % 5 == 4).ToArray();
        if (seen.Min() == 0) throw OneClass(data);
        if (seen.Min() < 5)
            throw new BaselineException($"{data.TrainFile}'s label column '{data.LabelColumn}' has only {seen.Min()} rows of class {(seen[0] < seen[1] ? 0 : 1)}; the baseline needs at least 5 of each");
        var rows = data.TrainFeatures.Select((f, i) => new BinaryRow { Label = labels[i], Features = f }).ToArray();
        var trainer = ml.BinaryClassification.Trainers.FastTree(TreeOptions(new FastTreeBinaryTrainer.Options()));
        var trees = Fit(ImputeMissing(ml).Append(trainer), ModelRows.Load(ml, rows.Where((_, i) => !calibrates[i]), data.FeatureCount));
        var calibrator = Fit(ml.BinaryClassification.Calibrators.Platt(), trees.Transform(ModelRows.Load(ml, rows.Where((_, i) => calibrates[i]), data.FeatureCount)));
        var test = ModelRows.Load(ml, data.TestFeatures.Select(f => new BinaryRow { Features = f }), data.FeatureCount);
        return [.. ml.Data.CreateEnumerable<ProbabilityOutput>(calibrator.Transform(trees.Transform(test)), reuseRowObject: false).Select(o => o.Probability)];
    }

    public static float[] Regression(MLContext ml, BaselineData data)
    {
        var labels = data.NumericLabels();
        var train = ModelRows.Load(ml, data.TrainFeatures.Select((f, i) => new NumberRow { Label = labels[i], Features = f }), data.FeatureCount);
        var trainer = ml.Regression.Trainers.FastTree(TreeOptions(new FastTreeRegressionTrainer.Options()));
        var model = Fit(ImputeMissing(ml).Append(trainer), train);
        var test = ModelRows.Load(ml, data.TestFeatures.Select(f => new NumberRow { Features = f }), data.FeatureCount);
        return [.. ml.Data.CreateEnumerable<NumberOutput>(model.Transform(test), reuseRowObject: false).Select(o => o.Score)];
    }

    /// <summary>
    /// A linear softmax model rather than one-versus-all FastTree: on the digits bundle both reached a similar log-loss
    /// (SDCA 0.062 Public / 0.099 Private, trees 0.048 / 0.096), but the trees took 9 s on one thread against SDCA's 2 s.
    /// </summary>
    public static ClassPredictions Multiclass(MLContext ml, BaselineData data)
    {
        var labels = data.ClassLabels();
        if (labels.Distinct(StringComparer.Ordinal).Count() < 2) throw OneClass(data);
        var train = ModelRows.Load(ml, data.TrainFeatures.Select((f, i) => new ClassRow { Label = labels[i], Features = f }), data.FeatureCount);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ImputeMissing(ml))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = Fit(pipeline, train);
        var test = ModelRows.Load(ml, data.TestFeatures.Select(f => new ClassRow { Features = f }), data.FeatureCount);
        var predictions = model.Transform(test);
        var outputs = ml.Data.CreateEnumerable<ClassOutput>(predictions, reuseRowObject: false).ToArray();
        return new ClassPredictions([.. outputs.Select(o => o.PredictedLabel)], [.. outputs.Select(o => o.Score)], SlotClasses(predictions));
    }

    /// <summary>The class of each slot of the Score vector: slot i belongs to the label key i+1.</summary>
    static string[] SlotClasses(IDataView predictions)
    {
        VBuffer<ReadOnlyMemory<char>> keys = default;
        predictions.Schema["Label"].GetKeyValues(ref keys);
        return [.. keys.DenseValues().Select(k => k.ToString())];
    }

    /// <summary>FastTree's defaults, spelled out so that <see cref="FastTreeMethod"/> stays true if a release changes them.</summary>
    static TOptions TreeOptions<TOptions>(TOptions options) where TOptions : BoostedTreeOptions
    {
        options.NumberOfTrees = 100;
        options.NumberOfLeaves = 20;
        options.LearningRate = 0.2;
        options.MinimumExampleCountPerLeaf = 10;
        options.NumberOfThreads = 1;
        return options;
    }

    static IEstimator<ITransformer> ImputeMissing(MLContext ml) =>
        ml.Transforms.ReplaceMissingValues("Features", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean);

    /// <summary>ML.NET reports bad training data with argument or state exceptions; the caller gets them as a reason.</summary>
    static ITransformer Fit(IEstimator<ITransformer> pipeline, IDataView train)
    {
        try
        {
            return pipeline.Fit(train);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new BaselineException($"ML.NET could not train on this data: {e.Message}");
        }
    }

    static BaselineException OneClass(BaselineData data) =>
        new($"{data.TrainFile}'s label column '{data.LabelColumn}' holds only one class, so there is nothing to learn");
}

using Arena.Scoring.Metrics;
using Microsoft.ML;

namespace Arena.Server.Baselines;

/// <summary>A competition's public files and its metric, which decides the task and the shape of the answer.</summary>
public sealed record BaselineInput(string TrainCsv, string TestCsv, string SampleSubmissionCsv, string IdColumn, Metric Metric);

/// <summary>The leaderboard name of the baseline's reference row, and its trainer and settings for the row's source text.</summary>
public sealed record BaselineResult(string Name, string Method);

/// <summary>The data or the metric does not allow a baseline; the message says why, naming the file, line and column.</summary>
public sealed class BaselineException(string message) : Exception(message);

/// <summary>
/// Trains an ML.NET model on a competition's train.csv and answers for every row of test.csv, so that a new
/// competition gets an honest "simple model" reference row without anyone writing code.
/// </summary>
public static class MlNetBaseline
{
    /// <summary>What the submission holds, decided by the metric (and, for label metrics, by the labels).</summary>
    enum Answer { ProbabilityOfOne, ZeroOrOne, ClassLabel, ClassProbabilities, Number }

    /// <summary>
    /// Trains on <see cref="BaselineInput.TrainCsv"/>, predicts every row of <see cref="BaselineInput.TestCsv"/> and writes
    /// <paramref name="outputCsv"/> with the sample submission's header, one row per test row in test.csv's order.
    /// Throws <see cref="BaselineException"/> with a reason when the metric or the data allows no baseline.
    /// </summary>
    public static BaselineResult Train(BaselineInput input, string outputCsv, CancellationToken cancellation)
    {
        var answer = AnswerFor(input.Metric);
        var data = BaselineData.Load(input, cancellation);
        if (answer == Answer.ClassLabel && data.LabelsAreZeroOrOne()) answer = Answer.ZeroOrOne;
        if (answer != Answer.ClassProbabilities && data.TargetColumns.Length != 1)
            throw new BaselineException($"the sample submission has {data.TargetColumns.Length} target columns ({string.Join(", ", data.TargetColumns)}), but {input.Metric.Name} takes one");

        // Cancellation is checked between stages only: MLContext's own cancel switch needs Microsoft.ML.Experimental,
        // and the bundles' models fit in 0.1 to 3 seconds.
        cancellation.ThrowIfCancellationRequested();
        var ml = new MLContext(seed: 0);
        var (cells, result) = answer switch
        {
            Answer.ProbabilityOfOne or Answer.ZeroOrOne => Binary(ml, data, answer),
            Answer.Number => Regression(ml, data),
            _ => Multiclass(ml, data, answer),
        };
        cancellation.ThrowIfCancellationRequested();
        SubmissionFile.Write(outputCsv, data, input.IdColumn, cells);
        return result;
    }

    /// <summary>
    /// Binary metrics with a threshold (f1, precision, recall, mcc) score a label, so they get the predicted 0/1; auc,
    /// logloss and average_precision rank or weigh a probability. accuracy and the other label metrics are multiclass in
    /// the catalogue; when train.csv's labels are all 0 or 1 they become the binary 0/1 case (see the caller).
    /// </summary>
    static Answer AnswerFor(Metric metric) => metric.Task switch
    {
        MetricTask.Ranking => throw new BaselineException($"ranking metrics such as {metric.Name} have no ML.NET baseline: it predicts one value per row, not a ranked list of items"),
        MetricTask.Regression => Answer.Number,
        MetricTask.Binary => metric.Parameters.Any(p => p.Name == "threshold") ? Answer.ZeroOrOne : Answer.ProbabilityOfOne,
        _ => metric.TruthShape == ValueShape.ClassColumns ? Answer.ClassProbabilities : Answer.ClassLabel,
    };

    static (string[][], BaselineResult) Binary(MLContext ml, BaselineData data, Answer answer)
    {
        var probabilities = BaselineModels.Binary(ml, data);
        // 0.5 is the catalogue's default threshold; a competition's own threshold is not part of the input.
        string[][] cells = [.. probabilities.Select((p, row) => new[]
        {
            answer == Answer.ZeroOrOne ? (p >= 0.5f ? "1" : "0") : SubmissionFile.Number(p, data.TestIds[row]),
        })];
        var what = answer == Answer.ZeroOrOne ? "the 0/1 label (calibrated probability at least 0.5)" : "the calibrated probability of class 1";
        return (cells, new BaselineResult("ML.NET baseline (FastTree)",
            $"FastTree binary classification answering {what}; {BaselineModels.CalibrationMethod}; {BaselineModels.FastTreeMethod}"));
    }

    static (string[][], BaselineResult) Regression(MLContext ml, BaselineData data)
    {
        var values = BaselineModels.Regression(ml, data);
        string[][] cells = [.. values.Select((v, row) => new[] { SubmissionFile.Number(v, data.TestIds[row]) })];
        return (cells, new BaselineResult("ML.NET baseline (FastTree)", $"FastTree regression; {BaselineModels.FastTreeMethod}"));
    }

    static (string[][], BaselineResult) Multiclass(MLContext ml, BaselineData data, Answer answer)
    {
        var predictions = BaselineModels.Multiclass(ml, data);
        string[][] cells;
        string what;
        if (answer == Answer.ClassLabel)
        {
            cells = [.. predictions.Labels.Select(label => new[] { label })];
            what = "the predicted class";
        }
        else
        {
            var slots = ClassColumns.Map(data.TargetColumns, data.LabelColumn, predictions.Classes);
            cells = [.. predictions.Probabilities.Select((p, row) => slots.Select(s => SubmissionFile.Number(p[s], data.TestIds[row])).ToArray())];
            what = "one probability per class";
        }
        return (cells, new BaselineResult("ML.NET baseline (SDCA maximum entropy)", $"SdcaMaximumEntropy answering {what}; {BaselineModels.MaximumEntropyMethod}"));
    }
}

using System.Globalization;

namespace Arena.Server.Baselines;

/// <summary>
/// What the baseline learns from and answers with, worked out from the three files' headers: the features are
/// test.csv's columns besides the id, the label is the one train.csv column that test.csv lacks, and the answer's
/// columns are the sample submission's header besides the id.
/// </summary>
internal sealed class BaselineData
{
    public required string[] SubmissionHeader { get; init; }
    public required string[] TargetColumns { get; init; }
    public required string TrainFile { get; init; }
    public required string LabelColumn { get; init; }
    public required int FeatureCount { get; init; }
    public required float[][] TrainFeatures { get; init; }
    public required float[][] TestFeatures { get; init; }
    public required string[] TestIds { get; init; }

    /// <summary>train.csv's label cells, in row order, with their lines for error messages.</summary>
    public required (string Text, int Line)[] Labels { get; init; }

    public static BaselineData Load(BaselineInput input, CancellationToken cancellation)
    {
        var train = CsvTable.Read(input.TrainCsv, cancellation);
        cancellation.ThrowIfCancellationRequested();
        var test = CsvTable.Read(input.TestCsv, cancellation);
        cancellation.ThrowIfCancellationRequested();
        var sample = CsvTable.Read(input.SampleSubmissionCsv, cancellation);
        cancellation.ThrowIfCancellationRequested();

        var id = input.IdColumn;
        var testId = test.IndexOf(id);
        sample.IndexOf(id);
        var features = test.Header.Where(c => c != id).ToArray();
        if (features.Length == 0) throw new BaselineException($"{test.FileName} has no feature columns besides '{id}'");
        var labels = train.Header.Where(c => c != id && !test.Has(c)).ToArray();
        var label = labels.Length switch
        {
            1 => labels[0],
            0 => throw new BaselineException($"{train.FileName} has no label column: every column besides '{id}' is also in {test.FileName}"),
            _ => throw new BaselineException($"{train.FileName} has {labels.Length} columns that {test.FileName} lacks ({string.Join(", ", labels)}); the baseline learns one label column"),
        };
        var targets = sample.Header.Where(c => c != id).ToArray();
        if (targets.Length == 0) throw new BaselineException($"{sample.FileName} has no target column besides '{id}'");

        var labelIndex = train.IndexOf(label);
        return new BaselineData
        {
            SubmissionHeader = [.. sample.Header],
            TargetColumns = targets,
            TrainFile = train.FileName,
            LabelColumn = label,
            FeatureCount = features.Length,
            TrainFeatures = ParseFeatures(train, features),
            TestFeatures = ParseFeatures(test, features),
            TestIds = [.. test.Rows.Select(r => r.Cells[testId])],
            Labels = [.. train.Rows.Select(r => (r.Cells[labelIndex], r.Number))],
        };
    }

    /// <summary>
    /// Every feature must be a number. An empty cell (or NaN) is a missing value, which the models replace by the
    /// column's training mean; infinities and values beyond float32 are rejected, since ML.NET trains in float32.
    /// </summary>
    static float[][] ParseFeatures(CsvTable table, string[] features)
    {
        var columns = features.Select(table.IndexOf).ToArray();
        return [.. table.Rows.Select(row => columns.Select((column, i) => ParseFeature(table, row, features[i], row.Cells[column])).ToArray())];
    }

    static float ParseFeature(CsvTable table, CsvLine row, string column, string text)
    {
        if (text.Length == 0) return float.NaN;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new BaselineException($"{table.FileName}, line {row.Number}, column '{column}': '{Shorten(text)}' is not a number; every feature must be numeric");
        return !float.IsInfinity(value) ? value
            : throw new BaselineException($"{table.FileName}, line {row.Number}, column '{column}': '{Shorten(text)}' is infinite or beyond float32's range");
    }

    /// <summary>The label as a number, for regression.</summary>
    public float[] NumericLabels() => [.. Labels.Select(l =>
        float.TryParse(l.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
            ? value
            : throw LabelError(l.Line, $"'{Shorten(l.Text)}' is not a finite number"))];

    /// <summary>True when every label is the number 0 or 1, so a binary classifier fits the task.</summary>
    public bool LabelsAreZeroOrOne() => Labels.All(l => IsZeroOrOne(l.Text, out _));

    public bool[] BinaryLabels() => [.. Labels.Select(l =>
        IsZeroOrOne(l.Text, out var one) ? one : throw LabelError(l.Line, $"'{Shorten(l.Text)}' is not 0 or 1"))];

    /// <summary>The label as a class name, exactly as train.csv writes it.</summary>
    public string[] ClassLabels() => [.. Labels.Select(l => l.Text.Length > 0 ? l.Text : throw LabelError(l.Line, "the label is empty"))];

    static bool IsZeroOrOne(string text, out bool one)
    {
        var isNumber = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value);
        one = value == 1;
        return isNumber && value is 0 or 1;
    }

    BaselineException LabelError(int line, string problem) =>
        new($"{TrainFile}, line {line}, label column '{LabelColumn}': {problem}");

    static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}

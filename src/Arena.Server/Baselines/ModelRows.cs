using Microsoft.ML;
using Microsoft.ML.Data;

namespace Arena.Server.Baselines;

// ML.NET maps these classes to columns by property name: "Label" and "Features" are the trainers' defaults, and the
// outputs name the columns the trainers add.

internal sealed class BinaryRow
{
    public bool Label { get; set; }
    public float[] Features { get; set; } = [];
}

internal sealed class NumberRow
{
    public float Label { get; set; }
    public float[] Features { get; set; } = [];
}

internal sealed class ClassRow
{
    public string Label { get; set; } = "";
    public float[] Features { get; set; } = [];
}

internal sealed class ProbabilityOutput
{
    public float Probability { get; set; }
}

internal sealed class NumberOutput
{
    public float Score { get; set; }
}

internal sealed class ClassOutput
{
    public string PredictedLabel { get; set; } = "";
    public float[] Score { get; set; } = [];
}

internal static class ModelRows
{
    /// <summary>Loads rows whose feature vector length is only known at run time, so the schema is given by hand.</summary>
    public static IDataView Load<TRow>(MLContext ml, IEnumerable<TRow> rows, int featureCount) where TRow : class
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}

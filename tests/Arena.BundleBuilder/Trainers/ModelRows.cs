using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Arena.BundleBuilder.Trainers;

// ML.NET maps these classes to columns by property name: "Label" and "Features" are the trainers' defaults.

public sealed class BinaryRow
{
    public bool Label { get; set; }
    public float[] Features { get; set; } = [];
}

public sealed class StringLabelRow
{
    public string Label { get; set; } = "";
    public float[] Features { get; set; } = [];
}

public sealed class NumericRow
{
    public float Label { get; set; }
    public float[] Features { get; set; } = [];
}

public static class ModelRows
{
    public static float[] Parse(string[] texts) =>
        Array.ConvertAll(texts, t => float.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture));

    /// <summary>Loads rows whose feature vector length is only known at run time, so the schema is given by hand.</summary>
    public static IDataView Load<TRow>(MLContext ml, IEnumerable<TRow> rows, int featureCount) where TRow : class
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>Round-trip formatting so the benchmark files hold exactly what the model produced.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}

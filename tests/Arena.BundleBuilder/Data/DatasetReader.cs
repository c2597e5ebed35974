using nietras.SeparatedValues;

namespace Arena.BundleBuilder.Data;

/// <summary>Reads a file of /work/shared/datasets: an <c>id</c> column first, the features, the label last.</summary>
public static class DatasetReader
{
    public static Dataset Read(string path, string labelColumn)
    {
        using var reader = Sep.Reader(o => o with { Sep = new Sep(',') }).FromFile(path);
        var names = reader.Header.ColNames;
        if (names.Count < 3 || names[0] != "id" || names[^1] != labelColumn)
            throw new InvalidDataException($"{path}: expected 'id', the features and '{labelColumn}' last, got {string.Join(",", names)}");

        var featureCount = names.Count - 2;
        var rows = new List<SourceRow>();
        foreach (var row in reader)
        {
            var features = new string[featureCount];
            for (var i = 0; i < featureCount; i++) features[i] = row[i + 1].ToString();
            var label = row[featureCount + 1].ToString();
            if (label.Length == 0 || Array.Exists(features, f => f.Length == 0))
                throw new InvalidDataException($"{path}: line {row.LineNumberFrom} has an empty field");
            rows.Add(new SourceRow(features, label));
        }
        return new Dataset([.. names.Skip(1).Take(featureCount)], rows);
    }
}

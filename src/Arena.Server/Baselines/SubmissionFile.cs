using System.Globalization;
using System.Text;

namespace Arena.Server.Baselines;

/// <summary>Writes the baseline's answers in the sample submission's shape, as every bundle's files are written.</summary>
internal static class SubmissionFile
{
    /// <summary>Round-trip formatting, so the file holds exactly what the model produced; a non-finite value is refused.</summary>
    public static string Number(float value, string id) => float.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : throw new BaselineException($"the model predicted {value.ToString(CultureInfo.InvariantCulture)} for id '{id}', which no metric can score");

    /// <summary>
    /// One row per test.csv row, in its order. <paramref name="targetCells"/> holds each row's cells in the order of
    /// <see cref="BaselineData.TargetColumns"/>, and the id goes wherever the sample's header puts it.
    /// </summary>
    public static void Write(string path, BaselineData data, string idColumn, string[][] targetCells)
    {
        // UTF-8 without a BOM and \n line endings, like the bundles' CSV files.
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(string.Join(',', data.SubmissionHeader.Select(Cell)));
        writer.Write('\n');
        for (var row = 0; row < data.TestIds.Length; row++)
        {
            var target = 0;
            for (var column = 0; column < data.SubmissionHeader.Length; column++)
            {
                if (column > 0) writer.Write(',');
                writer.Write(Cell(data.SubmissionHeader[column] == idColumn ? data.TestIds[row] : targetCells[row][target++]));
            }
            writer.Write('\n');
        }
    }

    /// <summary>RFC 4180 quoting, only where a cell needs it (ids and class names come from the competition's files).</summary>
    static string Cell(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 && text.Trim().Length == text.Length
            ? text
            : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

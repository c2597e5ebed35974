namespace Arena.Server.Baselines;

/// <summary>
/// Which class each probability column of a class-probability submission (multiclass_logloss) answers for. A column
/// named exactly like a class of train.csv's label column is that class (Kaggle's Otto style: label "Class_1", column
/// "Class_1"); otherwise a column named "&lt;label column&gt;_&lt;class&gt;" is (the digits bundle: label column "digit"
/// holding 0..9, columns "digit_0".."digit_9"). Any other column is an error rather than a silent zero.
/// </summary>
internal static class ClassColumns
{
    /// <summary>For each target column, in order, the index of its class in <paramref name="classes"/>.</summary>
    public static int[] Map(IReadOnlyList<string> targetColumns, string labelColumn, IReadOnlyList<string> classes)
    {
        var slots = new int[targetColumns.Count];
        for (var c = 0; c < targetColumns.Count; c++)
        {
            var column = targetColumns[c];
            var slot = IndexOf(classes, column);
            if (slot < 0 && column.StartsWith(labelColumn + "_", StringComparison.Ordinal))
                slot = IndexOf(classes, column[(labelColumn.Length + 1)..]);
            if (slot < 0)
                throw new BaselineException(
                    $"the sample submission's column '{column}' names no class of train.csv's label column '{labelColumn}' " +
                    $"(classes: {string.Join(", ", classes.Take(20))}{(classes.Count > 20 ? ", …" : "")}); " +
                    $"name each column after a class, or '{labelColumn}_<class>'");
            var twin = Array.IndexOf(slots, slot, 0, c);
            if (twin >= 0)
                throw new BaselineException($"the sample submission's columns '{targetColumns[twin]}' and '{column}' both name class '{classes[slot]}'");
            slots[c] = slot;
        }
        return slots;
    }

    static int IndexOf(IReadOnlyList<string> classes, string name)
    {
        for (var i = 0; i < classes.Count; i++) if (string.Equals(classes[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}

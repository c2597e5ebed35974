using Arena.Scoring.Validation;
using nietras.SeparatedValues;

namespace Arena.Scoring.Reading;

/// <summary>
/// The hot path for numeric submissions (binary and regression, the ones that reach millions of rows). Sep's worker
/// threads parse each row, look its id up and store the value straight into the solution-ordered array, so the random
/// accesses of the join happen on every core. Repeated ids need no lock: when exactly as many valid rows as solution
/// ids arrive and no slot is left unseen, every id was written exactly once. Any problem of any kind sends the file
/// to the careful pass, which finds and orders every error.
/// </summary>
internal static class FastNumberPass
{
    /// <summary>A NaN payload that parsing never produces, since non-finite values are rejected.</summary>
    const long UnseenBits = 0x7FF8_0000_DEAD_BEEF;

    public static double[]? TryRead(Solution solution, CsvInput input)
    {
        using var text = input.Open();
        using var reader = CsvFile.Reader(text);
        var errors = new ErrorList();
        var header = Header.Read(reader, errors);
        var positions = header is null ? null : SubmissionReader.MapColumns(solution, header, errors);
        if (positions is null) return null;

        var numbers = GC.AllocateUninitializedArray<double>(solution.RowCount);
        Array.Fill(numbers, BitConverter.Int64BitsToDouble(UnseenBits));
        var pass = new Pass(solution.Ids, header!.Length, positions[0], positions[1], SubmissionReader.NumberRuleOf(solution)!.Value, numbers);
        var rows = 0L;
        foreach (var ok in reader.ParallelEnumerate(pass.Row))
        {
            if (!ok) return null;
            rows++;
        }
        if (rows - pass.BlankRows != numbers.Length) return null;
        foreach (var value in numbers)
        {
            if (BitConverter.DoubleToInt64Bits(value) == UnseenBits) return null;
        }
        return numbers;
    }

    sealed class Pass(IdIndex ids, int fieldCount, int idPosition, int valuePosition, NumberRule rule, double[] numbers)
    {
        long _blankRows;

        public long BlankRows => Interlocked.Read(ref _blankRows);

        public bool Row(SepReader.Row row)
        {
            if (row.ColCount != fieldCount)
            {
                if (!CsvFile.IsBlank(row)) return false;
                Interlocked.Increment(ref _blankRows);
                return true;
            }
            if (!CsvFile.TryClean(row[idPosition].Span, out var id)) return false;
            var index = ids.Find(id);
            if (index < 0) return false;
            if (!Fields.TryFastNumber(row[valuePosition], rule, out var value)) return false;
            numbers[index] = value;
            return true;
        }
    }
}

using System.Runtime.CompilerServices;
using Arena.Scoring.Validation;
using nietras.SeparatedValues;

namespace Arena.Scoring.Reading;

/// <summary>
/// The hot path for numeric submissions (binary and regression, the ones that reach millions of rows). Sep's worker
/// threads parse each row, look its id up and store the value straight into the solution-ordered array, so the random
/// accesses of the join happen on every core. A compare-and-swap against an "unseen" marker detects repeated ids.
/// It gives up at the first problem of any kind; the careful pass then finds and orders every error.
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
        foreach (var ok in reader.ParallelEnumerate(pass.Row))
        {
            if (!ok) return null;
        }
        foreach (var value in numbers)
        {
            if (BitConverter.DoubleToInt64Bits(value) == UnseenBits) return null;
        }
        return numbers;
    }

    sealed class Pass(IdIndex ids, int fieldCount, int idPosition, int valuePosition, NumberRule rule, double[] numbers)
    {
        public bool Row(SepReader.Row row)
        {
            if (row.ColCount != fieldCount) return CsvFile.IsBlank(row);
            if (!CsvFile.TryClean(row[idPosition].Span, out var id)) return false;
            var index = ids.Find(id);
            if (index < 0) return false;
            if (Fields.FastNumber(row[valuePosition], rule, out var value) is not null) return false;
            ref var slot = ref Unsafe.As<double, long>(ref numbers[index]);
            return Interlocked.CompareExchange(ref slot, BitConverter.DoubleToInt64Bits(value), UnseenBits) == UnseenBits;
        }
    }
}

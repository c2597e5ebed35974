using Arena.Scoring.Metrics;
using nietras.SeparatedValues;

namespace Arena.Scoring.Reading;

/// <summary>
/// The hot path for numeric solutions: Sep's worker threads parse id, target and Usage; the in-order consumer only
/// appends. It gives up at the first problem, and the careful pass then reports every error with its line.
/// </summary>
internal static class FastTruthPass
{
    public static Solution? TryRead(CsvInput input, MetricSettings settings, string? idColumnName)
    {
        using var text = input.Open();
        using var reader = CsvFile.Reader(text);
        var layout = SolutionReader.ReadLayout(reader, settings.Metric, idColumnName);
        var rule = settings.Metric.ValuesAreNonNegative ? NumberRule.NonNegative : NumberRule.Finite;
        var pass = new Pass(layout, rule, settings.Metric.TruthIsBinary);

        var ids = new IdCollector();
        var usage = new ArrayBuilder<Usage>(1 << 16);
        var numbers = new ArrayBuilder<double>(1 << 16);
        foreach (var row in reader.ParallelEnumerate(pass.Row))
        {
            if (row.Status == RowStatus.Blank) continue;
            if (row.Status != RowStatus.Ok) return null;
            var added = row.TextId is not null ? ids.Add(row.TextId)
                : row.PackedId != 0 ? ids.AddPacked(row.PackedId)
                : ids.Add(row.IntegerId);
            if (!added) return null;
            usage.Add(row.Usage);
            numbers.Add(row.Value);
        }
        var index = ids.Build(out var duplicate);
        if (duplicate is not null || index.Count == 0) return null;
        return SolutionReader.Create(settings, layout.Header[layout.IdPosition], layout.TargetNames, index, usage.ToArray(),
            new Truth { Numbers = numbers.ToArray() });
    }

    /// <summary>An id is an integer, a packed short text (non-zero <see cref="PackedId"/>), or a longer text.</summary>
    readonly record struct TruthRow(RowStatus Status, long IntegerId = 0, ulong PackedId = 0, string? TextId = null, double Value = 0, Usage Usage = Usage.Public);

    sealed class Pass(SolutionReader.Layout layout, NumberRule rule, bool binary)
    {
        readonly int _fieldCount = layout.Header.Length;
        readonly int _valuePosition = layout.TargetPositions[0];

        public TruthRow Row(SepReader.Row row)
        {
            if (row.ColCount != _fieldCount) return new(CsvFile.IsBlank(row) ? RowStatus.Blank : RowStatus.FieldCount);
            if (!CsvFile.TryClean(row[layout.IdPosition].Span, out var id) || id.IsEmpty) return new(RowStatus.EmptyId);
            var usage = Usage.Public;
            if (layout.UsagePosition >= 0 && !SolutionReader.TryParseUsage(row[layout.UsagePosition].Span, out usage)) return new(RowStatus.BadValue);
            if (!Fields.TryFastNumber(row[_valuePosition], rule, out var value) || (binary && value is not (0 or 1))) return new(RowStatus.BadValue);
            if (IdIndex.TryParseCanonical(id, out var integer)) return new(RowStatus.Ok, IntegerId: integer, Value: value, Usage: usage);
            return TextIdIndex.TryPack(id, out var packed)
                ? new(RowStatus.Ok, PackedId: packed, Value: value, Usage: usage)
                : new(RowStatus.Ok, TextId: id.ToString(), Value: value, Usage: usage);
        }
    }
}

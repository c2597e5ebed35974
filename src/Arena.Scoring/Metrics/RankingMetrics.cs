using Microsoft.ML;
using Microsoft.ML.Data;

namespace Arena.Scoring.Metrics;

internal sealed class MapAtKMetric : Metric
{
    public override string Name => "map@k";
    public override MetricTask Task => MetricTask.Ranking;
    public override bool HigherIsBetter => true;
    public override ValueShape TruthShape => ValueShape.Items;
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
        [new("k", 10, "only the first k predicted items count", 1, 1000, IsInteger: true)];

    public override string Definition =>
        "Mean average precision at k, Kaggle's apk averaged over rows: the solution lists the relevant item ids and the submission " +
        "lists predicted item ids in ranked order, both space-separated. Within the first k predictions, a hit at position i adds " +
        "(hits so far)/i; a repeated prediction is skipped but keeps its position; the sum is divided by min(|relevant|, k), " +
        "and a row with no relevant items scores 0.";

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var k = (int)settings["k"];
        var sum = new AccurateSum();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var actual = truth.Items![row];
            if (actual.Length == 0) continue;
            var predicted = predictions.Items![row];
            seen.Clear();
            double hits = 0, score = 0;
            for (var i = 0; i < Math.Min(k, predicted.Length); i++)
            {
                if (!seen.Add(predicted[i]) || Array.IndexOf(actual, predicted[i]) < 0) continue;
                hits++;
                score += hits / (i + 1.0);
            }
            sum.Add(score / Math.Min(actual.Length, k));
        }
        return sum.Value / rows.Length;
    }
}

/// <summary>
/// NDCG@k computed by ML.NET's ranking evaluator, whose definition we adopt: gain 2^grade-1, logarithmic discount,
/// ideal ordering over every graded item of the row, 0 for a row with no graded item.
/// </summary>
internal sealed class NdcgAtKMetric : Metric
{
    /// <summary>ML.NET's evaluator computes NDCG up to a truncation level of 10 at most.</summary>
    public const int MaxK = 10;

    /// <summary>Grades are small integers; 2^30 - 1 is still exact in a double.</summary>
    public const int MaxGrade = 30;

    public override string Name => "ndcg@k";
    public override MetricTask Task => MetricTask.Ranking;
    public override bool HigherIsBetter => true;
    public override ValueShape TruthShape => ValueShape.GradedItems;
    public override IReadOnlyList<MetricParameter> Parameters { get; } =
        [new("k", 10, "only the first k predicted items count (ML.NET allows 1 to 10)", 1, MaxK, IsInteger: true)];

    public override string Definition =>
        "Normalised discounted cumulative gain at k, computed by ML.NET's ranking evaluator: the solution lists `item:grade` pairs " +
        "(integer grades 0-30), the submission lists item ids in ranked order. DCG@k sums (2^grade - 1)/log(1 + position) over " +
        "the first k submitted items, with grade 0 for items absent from the solution; it is divided by the DCG@k of the ideal " +
        "ordering of every graded item of the row, and averaged over rows (a row with no positive grade scores 0).";

    internal override double Score(Truth truth, Predictions predictions, ReadOnlySpan<int> rows, MetricSettings settings)
    {
        var k = (int)settings["k"];
        var context = new MLContext(seed: 0);
        var data = context.Data.LoadFromEnumerable(RankedRows(truth, predictions, rows.ToArray(), k), RankedRow.Schema(rows.Length));
        var options = new RankingEvaluatorOptions { DcgTruncationLevel = k, LabelGains = Gains() };
        var metrics = context.Ranking.Evaluate(data, options, nameof(RankedRow.Label), nameof(RankedRow.GroupId), nameof(RankedRow.Score));
        return metrics.NormalizedDiscountedCumulativeGains[k - 1];
    }

    static string Gains() => string.Join(',', Enumerable.Range(0, MaxGrade + 1).Select(g => ((1L << g) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// One ML.NET group per solution row. The submitted items come first with descending scores, padded to k with
    /// grade-0 fillers, so that graded items the submission left out rank below position k: they count towards the
    /// ideal DCG but never towards the submission's DCG.
    /// </summary>
    static IEnumerable<RankedRow> RankedRows(Truth truth, Predictions predictions, int[] rows, int k)
    {
        var grades = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < rows.Length; g++)
        {
            var group = (uint)(g + 1);
            grades.Clear();
            foreach (var item in truth.Graded![rows[g]]) grades[item.Item] = item.Grade;
            var position = 0;
            foreach (var item in predictions.Items![rows[g]])
            {
                yield return new RankedRow(group, grades.Remove(item, out var grade) ? grade : 0, -position);
                position++;
            }
            for (; position < k; position++) yield return new RankedRow(group, 0, -position);
            foreach (var grade in grades.Values) yield return new RankedRow(group, grade, -position++);
        }
    }

    /// <summary>ML.NET reads public fields, so this is a plain class rather than a record.</summary>
    sealed class RankedRow(uint groupId, float label, float score)
    {
#pragma warning disable CA1051 // ML.NET's LoadFromEnumerable binds to fields
        public uint GroupId = groupId;
        public float Label = label;
        public float Score = score;
#pragma warning restore CA1051

        public static SchemaDefinition Schema(int groups)
        {
            var schema = SchemaDefinition.Create(typeof(RankedRow));
            schema[nameof(GroupId)].ColumnType = new KeyDataViewType(typeof(uint), groups + 1);
            return schema;
        }
    }
}

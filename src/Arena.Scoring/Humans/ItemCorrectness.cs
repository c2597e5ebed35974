using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;

namespace Arena.Scoring.Humans;

/// <summary>
/// A submission's right or wrong on single test items, for the paired comparison with a human study: the predicted
/// class is compared with the solution's class, as a person's one label is. The predicted class of a probability
/// submission is its most probable class column (the first on a tie), of a binary score its value at or above the
/// metric's <c>threshold</c> (0.5 for metrics without one), and of a label submission the label itself.
/// </summary>
public static class ItemCorrectness
{
    /// <summary>
    /// Right or wrong for each of <paramref name="itemIds"/>. Throws <see cref="ArgumentException"/> for an id the
    /// solution lacks, and <see cref="NotSupportedException"/> for a metric that does not score classes.
    /// </summary>
    public static IReadOnlyDictionary<string, bool> Of(Solution solution, Predictions predictions, IEnumerable<string> itemIds)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(itemIds);
        if (solution.Metric.Task is not (MetricTask.Binary or MetricTask.Multiclass))
            throw new NotSupportedException($"{solution.Metric.Name} does not score classes, so no item is right or wrong");
        var truth = solution.Truth;
        var correct = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var id in itemIds) correct[id] = IsRight(solution, truth, predictions, RowOf(solution, id));
        return correct;
    }

    /// <summary>The ids among <paramref name="itemIds"/> whose solution row is in the Public split.</summary>
    public static IReadOnlySet<string> PublicOnes(Solution solution, IEnumerable<string> itemIds)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(itemIds);
        return itemIds.Where(id => Array.BinarySearch(solution.PublicRows, RowOf(solution, id)) >= 0).ToHashSet(StringComparer.Ordinal);
    }

    static int RowOf(Solution solution, string id)
    {
        var row = solution.Ids.Find(id);
        return row >= 0 ? row : throw new ArgumentException($"the solution has no item '{id}'", nameof(id));
    }

    static bool IsRight(Solution solution, Truth truth, Predictions predictions, int row)
    {
        if (predictions.Probabilities is { } probabilities)
        {
            // Class columns are the solution's own, so a probability submission may carry no class set of its own.
            var k = (predictions.ClassSet ?? truth.ClassSet)!.Count;
            var best = 0;
            for (var c = 1; c < k; c++) if (probabilities[(row * k) + c] > probabilities[(row * k) + best]) best = c;
            return best == truth.Classes![row];
        }
        if (predictions.Classes is { } classes) return classes[row] == truth.Classes![row];
        var threshold = solution.Metric.Parameters.Any(p => p.Name == "threshold") ? solution.Settings["threshold"] : 0.5;
        return (predictions.Numbers![row] >= threshold) == (truth.Numbers![row] == 1);
    }
}

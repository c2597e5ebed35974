namespace Arena.Scoring.Metrics;

/// <summary>
/// AUC and average precision from the scores of positives and negatives, each sorted once.
/// Sorting two plain double arrays is much faster than sorting (score, label) pairs.
/// </summary>
internal static class BinaryRanking
{
    public static (double[] Positives, double[] Negatives) SortedScores(double[] truth, double[] scores, ReadOnlySpan<int> rows)
    {
        var positiveCount = 0;
        foreach (var row in rows) if (truth[row] == 1) positiveCount++;
        var positives = GC.AllocateUninitializedArray<double>(positiveCount);
        var negatives = GC.AllocateUninitializedArray<double>(rows.Length - positiveCount);
        int p = 0, n = 0;
        foreach (var row in rows)
        {
            if (truth[row] == 1) positives[p++] = scores[row];
            else negatives[n++] = scores[row];
        }
        // Public and Private are already scored side by side; sorting both classes in parallel too keeps both cores
        // busy while the larger Private set is still sorting.
        Parallel.Invoke(() => RadixSort.Sort(positives), () => RadixSort.Sort(negatives));
        return (positives, negatives);
    }

    /// <summary>sklearn's trapezoidal ROC AUC, which equals the Mann-Whitney statistic with ties counted half.</summary>
    public static double Auc(double[] positives, double[] negatives)
    {
        // Twice the number of (positive, negative) pairs ordered correctly, with ties counting one: an exact integer.
        long twiceWins = 0;
        var n = 0;
        for (var p = 0; p < positives.Length;)
        {
            var score = positives[p];
            var tiedPositives = 0;
            while (p < positives.Length && positives[p] == score) { p++; tiedPositives++; }
            while (n < negatives.Length && negatives[n] < score) n++;
            var below = n;
            while (n < negatives.Length && negatives[n] == score) n++;
            twiceWins += tiedPositives * ((2L * below) + (n - below));
        }
        return twiceWins / (2.0 * positives.Length * negatives.Length);
    }

    /// <summary>sklearn's average_precision_score: sum over distinct thresholds of (R_n - R_{n-1}) * P_n, no interpolation.</summary>
    public static double AveragePrecision(double[] positives, double[] negatives)
    {
        if (positives.Length == 0) return 0;
        long truePositives = 0, falsePositives = 0;
        int p = positives.Length - 1, n = negatives.Length - 1;
        var sum = new AccurateSum();
        double previousRecall = 0;
        while (p >= 0)
        {
            var threshold = n >= 0 ? Math.Max(positives[p], negatives[n]) : positives[p];
            while (p >= 0 && positives[p] == threshold) { p--; truePositives++; }
            while (n >= 0 && negatives[n] == threshold) { n--; falsePositives++; }
            var recall = truePositives / (double)positives.Length;
            var precision = truePositives / (double)(truePositives + falsePositives);
            sum.Add((recall - previousRecall) * precision);
            previousRecall = recall;
        }
        return sum.Value;
    }
}

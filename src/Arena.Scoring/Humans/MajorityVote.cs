namespace Arena.Scoring.Humans;

/// <summary>What a majority vote is worth in theory, to check a study's majority figure against.</summary>
public static class MajorityVote
{
    /// <summary>
    /// The accuracy of a majority of <paramref name="annotators"/> independent annotators on a two-class task, each
    /// right with probability <paramref name="accuracy"/>: P(more than half are right) under the binomial law. With
    /// two classes a wrong answer is always the same other label, so that is exactly when the majority is right. The
    /// count must be odd: with an even count a tie is broken by label order, which depends on the gold label.
    /// </summary>
    public static double BinaryAccuracy(int annotators, double accuracy)
    {
        if (annotators < 1 || annotators % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(annotators), annotators, "the number of annotators must be odd and positive");
        if (!(accuracy is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(accuracy), accuracy, "the accuracy must lie in [0, 1]");
        double total = 0, choose = 1;
        for (var right = 0; right <= annotators; right++)
        {
            if (2 * right > annotators) total += choose * Math.Pow(accuracy, right) * Math.Pow(1 - accuracy, annotators - right);
            choose = choose * (annotators - right) / (right + 1);
        }
        return total;
    }
}

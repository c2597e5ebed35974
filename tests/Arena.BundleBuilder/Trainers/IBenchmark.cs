using Arena.BundleBuilder.Building;

namespace Arena.BundleBuilder.Trainers;

/// <summary>A model trained on train.csv only that answers for every test row, giving the submission's target cells.</summary>
public interface IBenchmark
{
    /// <summary>The file name under benchmarks/, without ".csv".</summary>
    string FileStem { get; }

    /// <summary>The leaderboard name of the reference row.</summary>
    string Name { get; }

    /// <summary>The trainer and its settings, for the reference row's source text.</summary>
    string Method { get; }

    /// <summary>One array of target cells per test row, in the order of <see cref="Splitting.Split.Test"/>.</summary>
    IReadOnlyList<string[]> Predict(BundleData data);
}

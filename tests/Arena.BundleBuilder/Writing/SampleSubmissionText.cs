using Arena.BundleBuilder.Specs;

namespace Arena.BundleBuilder.Writing;

/// <summary>How each task's sample submission is made, in words, for the YAML and the overview.</summary>
public static class SampleSubmissionText
{
    public static string Short(TaskKind task) => task switch
    {
        TaskKind.Binary => "constant 0.5",
        TaskKind.Label => "most frequent training label",
        TaskKind.Regression => "training mean",
        TaskKind.ClassProbabilities => "uniform probabilities",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown task"),
    };

    public static string Long(TaskKind task) => task switch
    {
        TaskKind.Binary => "the same score, 0.5, for every test row",
        TaskKind.Label => "the most frequent label of data/train.csv (ties to the alphabetically first) for every test row",
        TaskKind.Regression => "the mean target of data/train.csv for every test row",
        TaskKind.ClassProbabilities => "the same probability for every class in every test row",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown task"),
    };
}

namespace Arena.BundleBuilder.Trainers;

// Columns read back from ML.NET predictions, again matched by property name.

public sealed class ProbabilityOutput
{
    public float Probability { get; set; }
}

public sealed class ScoreOutput
{
    public float Score { get; set; }
}

public sealed class MulticlassOutput
{
    public string PredictedLabel { get; set; } = "";
    public float[] Score { get; set; } = [];
}

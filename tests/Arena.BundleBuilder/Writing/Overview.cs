using System.Globalization;
using System.Text;
using Arena.BundleBuilder.Building;
using Arena.BundleBuilder.Specs;

namespace Arena.BundleBuilder.Writing;

/// <summary>Renders overview.md: task, data, metric, submission format, benchmarks and attribution.</summary>
public static class Overview
{
    public const string FileName = "overview.md";

    /// <param name="data">The split bundle.</param>
    /// <param name="sampleLines">The first lines of the written sample submission, shown as the format example.</param>
    public static string Render(BundleData data, IReadOnlyList<string> sampleLines)
    {
        var spec = data.Spec;
        var target = $"`{spec.TargetColumn}`";
        var features = data.FeatureNames.Count.ToString(CultureInfo.InvariantCulture);
        var md = new StringBuilder();
        Line(md, $"# {spec.Title}\n\n{spec.Description}\n");
        Line(md, $"## Task\n\n{spec.TaskText}\n");

        Line(md, "## Data\n");
        Line(md, "| file | rows | columns |\n|---|---|---|");
        Line(md, $"| `{DataFiles.Train}` | {Count(data.Split.Train.Count)} | `id`, {features} feature columns, {target} |");
        Line(md, $"| `{DataFiles.Test}` | {Count(data.Split.Test.Count)} | `id`, {features} feature columns; predict {target} for these rows |");
        Line(md, $"| `{DataFiles.SampleSubmission}` | {Count(data.Split.Test.Count)} | a valid submission: {SampleSubmissionText.Long(spec.Task)} |\n");
        Line(md, "Ids are assigned at random and carry no information about the label.\n");
        Line(md, $"{spec.ColumnsText}\n");

        Line(md, "## Evaluation\n");
        Line(md, $"The metric is `{spec.Metric}`: {MetricText.Definition(spec.Metric)}\n");
        Line(md, "The public leaderboard scores about 30% of the test rows (Public); the final ranking uses the other " +
                 "70% (Private), whose scores stay hidden until the deadline. Which rows are which is not disclosed.\n");

        Line(md, "## Submission format\n");
        Line(md, $"A CSV file with this header and one row per id of `{DataFiles.Test}`, in any order:\n");
        Line(md, $"```csv\n{string.Join('\n', sampleLines)}\n...\n```\n");
        Line(md, $"{SubmissionRule(data)}\n");

        Line(md, "## Benchmarks\n");
        foreach (var benchmark in spec.Benchmarks)
            Line(md, $"- **{benchmark.Name}**: {benchmark.Method}, trained on `{DataFiles.Train}` only.");
        Line(md, $"- **Sample submission**: {SampleSubmissionText.Long(spec.Task)}.\n");

        Line(md, $"## Attribution and licence\n\n{spec.Attribution}");
        return md.ToString();
    }

    static string SubmissionRule(BundleData data) => data.Spec.Task switch
    {
        TaskKind.Binary => "`target` is your score for class 1: a probability, or any finite number, since AUC only uses the order of the scores.",
        TaskKind.Label => $"`{data.Spec.TargetColumn}` is one of the labels of train.csv, written exactly as there: {string.Join(", ", data.Classes.Select(c => $"`{c}`"))}.",
        TaskKind.Regression => "`target` is your predicted value.",
        TaskKind.ClassProbabilities => $"One probability per class, in the columns {string.Join(", ", data.TargetColumns.Select(c => $"`{c}`"))}; each row is divided by its sum before scoring.",
        _ => throw new ArgumentOutOfRangeException(nameof(data), data.Spec.Task, "unknown task"),
    };

    static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');
}

using System.Globalization;
using System.Text;

namespace Arena.Load.Hostile;

/// <summary>
/// The hostile scenario's competitions: one per (solution, metric) pair of the malformed corpus, with the corpus's own
/// solution as the hidden one, a small upload limit (so that oversized bodies are cheap to send) and a daily limit
/// that every corpus file fits in.
/// </summary>
public static class HostileBundles
{
    /// <summary>Small enough that "too large" costs little to send, large enough for every corpus file and the bombs.</summary>
    public const long MaxUploadBytes = 64 * 1024;

    public const string Main = "corpus-auc";

    public static string CorpusSlug(string solution, string metric) => $"corpus-{metric.Replace('_', '-')}";

    public static string Create()
    {
        var root = Directory.CreateTempSubdirectory("arena-hostile-bundles-").FullName;
        foreach (var (solution, metric) in CorpusCase.All.Select(c => (c.Solution, c.Metric)).Distinct())
            Write(Path.Combine(root, CorpusSlug(solution, metric)), Path.Combine(CorpusCase.Folder, solution), metric);
        return root;
    }

    /// <summary>A valid submission for <see cref="Main"/> (the corpus's binary solution, ids 1 to 10).</summary>
    public static string ValidAuc() =>
        "id,target\n" + string.Concat(Enumerable.Range(1, 10).Select(id => string.Create(CultureInfo.InvariantCulture, $"{id},{(id % 2 == 0 ? 0.8 : 0.2)}\n")));

    static void Write(string folder, string solutionPath, string metric)
    {
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var rows = File.ReadAllLines(solutionPath).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var header = rows[0];
        var usage = Array.IndexOf(header, "Usage");
        var columns = Enumerable.Range(0, header.Length).Where(i => i != usage).ToList();
        File.Copy(solutionPath, Path.Combine(folder, "solution.csv"));
        var test = new StringBuilder($"{header[0]},x\n");
        var sample = new StringBuilder(string.Join(',', columns.Select(i => header[i])) + "\n");
        foreach (var row in rows.Skip(1))
        {
            test.Append(CultureInfo.InvariantCulture, $"{row[0]},1\n");
            // Any well-formed value: a label for accuracy, a number otherwise.
            sample.Append(string.Join(',', columns.Select(i => i == 0 ? row[0] : metric == "accuracy" ? rows[1][i] : "0.5"))).Append('\n');
        }
        File.WriteAllText(Path.Combine(folder, "data", "test.csv"), test.ToString());
        File.WriteAllText(Path.Combine(folder, "data", "sample_submission.csv"), sample.ToString());
        File.WriteAllText(Path.Combine(folder, "competition.yaml"), $"""
            title: "Hostile input: {metric}"
            description: "The malformed corpus's {Path.GetFileName(solutionPath)} scored with {metric}."
            metric: {metric}
            dailySubmissionLimit: 1000
            maxUploadBytes: {MaxUploadBytes}
            solution: solution.csv
            files:
              - data/test.csv
              - data/sample_submission.csv
            """);
    }
}

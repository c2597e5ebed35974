using System.Globalization;
using System.Text;

namespace Arena.Server.Tests.Hosting;

/// <summary>
/// Small competition bundles written to a temporary folder: fast to import and score, with known answers.
/// </summary>
public static class TestBundles
{
    /// <summary>A label that appears only in the hidden solution; no participant-facing output may contain it.</summary>
    public const string CanaryLabel = "CANARY_LABEL_5e1d";

    /// <summary>An id that is Private in the solution; nothing may reveal that it is Private.</summary>
    public const string PrivateOnlyId = "private-only-id-77";

    public const int BinaryRows = 20;

    /// <summary>
    /// <c>binary</c> (auc, ids 1..20, 6 Public, 12 Private, 2 Ignored; a human row at 0.75 and a benchmark file),
    /// <c>closed</c> (the same data, deadline in the past), <c>labels</c> (accuracy with the canary label and id), and
    /// <c>tiny-limit</c> (auc with a daily limit of 2 and a 2 KB upload limit), and <c>deadline</c> (binary data,
    /// deadline 2030-01-01, for tests that move a fake clock past it).
    /// </summary>
    public static string Create()
    {
        var root = Directory.CreateTempSubdirectory("arena-bundles-").FullName;
        WriteBinary(Path.Combine(root, "binary"), deadline: null, limit: 5, maxUpload: 1 << 20);
        WriteBinary(Path.Combine(root, "closed"), deadline: "2020-01-01T00:00:00Z", limit: 5, maxUpload: 1 << 20);
        WriteBinary(Path.Combine(root, "tiny-limit"), deadline: null, limit: 2, maxUpload: 2048);
        WriteBinary(Path.Combine(root, "deadline"), deadline: "2030-01-01T00:00:00Z", limit: 20, maxUpload: 1 << 20);
        WriteLabels(Path.Combine(root, "labels"));
        return root;
    }

    /// <summary>The binary bundle's truth: odd ids are positive.</summary>
    public static int Label(int id) => id % 2;

    public static string Usage(int id) => id <= 6 ? "Public" : id <= 18 ? "Private" : "Ignored";

    /// <summary>A submission whose scores rank the positives perfectly (AUC 1) or with <paramref name="swaps"/> pairs swapped.</summary>
    public static string BinarySubmission(int swaps = 0, Func<int, string>? value = null)
    {
        var text = new StringBuilder("id,target\n");
        for (var id = 1; id <= BinaryRows; id++)
        {
            var score = Label(id) == 1 ? 0.9 - (id * 0.01) : 0.1 + (id * 0.01);
            if (id <= swaps * 2) score = 1 - score;
            text.Append(CultureInfo.InvariantCulture, $"{id},{value?.Invoke(id) ?? score.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        return text.ToString();
    }

    static void WriteBinary(string folder, string? deadline, int limit, long maxUpload)
    {
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var solution = new StringBuilder("id,target,Usage\n");
        var test = new StringBuilder("id,x\n");
        for (var id = 1; id <= BinaryRows; id++)
        {
            solution.Append(CultureInfo.InvariantCulture, $"{id},{Label(id)},{Usage(id)}\n");
            test.Append(CultureInfo.InvariantCulture, $"{id},{id * 1.5}\n");
        }
        File.WriteAllText(Path.Combine(folder, "solution.csv"), solution.ToString());
        File.WriteAllText(Path.Combine(folder, "data", "test.csv"), test.ToString());
        File.WriteAllText(Path.Combine(folder, "data", "sample_submission.csv"), BinarySubmission(value: _ => "0.5"));
        File.WriteAllText(Path.Combine(folder, "benchmark.csv"), BinarySubmission(swaps: 2));
        File.WriteAllText(Path.Combine(folder, "overview.md"), "# Test competition\nScore with AUC.\n");
        File.WriteAllText(Path.Combine(folder, "competition.yaml"), $"""
            title: "Test {Path.GetFileName(folder)}"
            description: "A small binary competition for tests."
            overview: overview.md
            metric: auc
            deadline: {deadline ?? "null"}
            dailySubmissionLimit: {limit}
            finalSelections: 2
            maxUploadBytes: {maxUpload}
            solution: solution.csv
            files:
              - data/test.csv
              - data/sample_submission.csv
            referenceRows:
              - kind: human
                name: "Study group"
                publicScore: 0.75
                privateScore: 0.7
                source: "Declared for the tests."
              - kind: benchmark
                name: "Benchmark file"
                file: benchmark.csv
                source: "Two swapped pairs."
            """);
    }

    static void WriteLabels(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.WriteAllText(Path.Combine(folder, "solution.csv"),
            $"id,label,Usage\na1,cat,Public\na2,dog,Public\na3,cat,Private\n{PrivateOnlyId},{CanaryLabel},Private\na5,dog,Private\n");
        File.WriteAllText(Path.Combine(folder, "data", "test.csv"), $"id,x\na1,1\na2,2\na3,3\n{PrivateOnlyId},4\na5,5\n");
        File.WriteAllText(Path.Combine(folder, "data", "sample_submission.csv"), $"id,label\na1,cat\na2,cat\na3,cat\n{PrivateOnlyId},cat\na5,cat\n");
        File.WriteAllText(Path.Combine(folder, "competition.yaml"), """
            title: "Labels"
            description: "Accuracy on string labels."
            metric: accuracy
            solution: solution.csv
            files:
              - data/test.csv
              - data/sample_submission.csv
            """);
    }
}

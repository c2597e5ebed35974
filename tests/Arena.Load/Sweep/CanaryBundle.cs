using System.Security.Cryptography;

namespace Arena.Load.Sweep;

/// <summary>
/// The security sweep's competition: accuracy on string labels, with a canary label value that only the hidden
/// solution holds (the true label of a Private-only id) and canaries fresh for each run, so that nothing left over
/// from another run can match. An all-"cat" submission scores 2/3 on Public and 3/7 on Private.
/// </summary>
public sealed class CanaryBundle
{
    public const string Slug = "canary-sweep";

    public string Label { get; } = $"CANARYLABEL{RandomNumberGenerator.GetHexString(8)}";

    public string PrivateId { get; } = $"canary-private-{RandomNumberGenerator.GetHexString(8).ToLowerInvariant()}";

    public const string PublicScore = "0.6666666666666666";

    /// <summary>
    /// The all-"cat" file's private score, 3/7, as its first digits (whatever the formatting): five decimals, because
    /// participants see scores at the competition's display precision (5 by default), 0.42857.
    /// </summary>
    public const string PrivateScorePrefix = "0.42857";

    public string[] Ids => ["p01", "p02", "p03", "q01", "q02", "q03", "q04", "q05", "q06", PrivateId];

    public string Create()
    {
        var root = Directory.CreateTempSubdirectory("arena-sweep-bundles-").FullName;
        var folder = Path.Combine(root, Slug);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.WriteAllText(Path.Combine(folder, "solution.csv"),
            "id,label,Usage\np01,cat,Public\np02,dog,Public\np03,cat,Public\nq01,cat,Private\nq02,dog,Private\nq03,cat,Private\n"
            + $"q04,dog,Private\nq05,cat,Private\nq06,dog,Private\n{PrivateId},{Label},Private\n");
        File.WriteAllText(Path.Combine(folder, "data", "test.csv"), "id,x\n" + string.Concat(Ids.Select((id, i) => $"{id},{i}\n")));
        File.WriteAllText(Path.Combine(folder, "data", "sample_submission.csv"), Labels(_ => "cat"));
        File.WriteAllText(Path.Combine(folder, "competition.yaml"), """
            title: "Canary sweep"
            description: "Accuracy on string labels; the hidden solution holds a canary."
            metric: accuracy
            dailySubmissionLimit: 100
            solution: solution.csv
            files:
              - data/test.csv
              - data/sample_submission.csv
            """);
        return root;
    }

    public string Labels(Func<string, string> label) => "id,label\n" + string.Concat(Ids.Select(id => $"{id},{label(id)}\n"));

    /// <summary>A bundle zip for a group's draft competition (the non-member checks): the same data under another slug.</summary>
    public static (string, string)[] GroupBundle(string slug) =>
    [
        ("competition.yaml", $"slug: {slug}\ntitle: \"Group only\"\nmetric: accuracy\nsolution: solution.csv\nfiles:\n  - test.csv\n"),
        ("solution.csv", "id,label,Usage\na,cat,Public\nb,dog,Private\n"),
        ("test.csv", "id,x\na,1\nb,2\n"),
    ];
}

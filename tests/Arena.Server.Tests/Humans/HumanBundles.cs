using System.Globalization;
using System.Text;
using Arena.Server.Tests.Hosting;

namespace Arena.Server.Tests.Humans;

/// <summary>
/// Small classification bundles for the human-study tests, with known answers. Test ids h01..h64: every fifth item's
/// gold label is <see cref="TestBundles.CanaryLabel"/> (which no participant may see tied to an item while the
/// competition is open), the others cat (even) or dog (odd); h01..h20 Public, h21..h60 Private, h61..h64 Ignored (never
/// sampled). train.csv has t01..t30 labelled cat (even) or dog (odd), never the canary, so practice feedback cannot
/// show it.
/// </summary>
public static class HumanBundles
{
    public const int TestRows = 64;
    public const int Scored = 60;
    public const int TrainRows = 30;
    public const string Canary = TestBundles.CanaryLabel;

    /// <summary>
    /// <c>humans</c> (accuracy; humanStudy: sample 50, seed 7, practice 10, one annotator per item),
    /// <c>humans-api</c> (the same data, no study: tests set one up), <c>humans-k3</c> (three annotators per item,
    /// majorityOfK, no practice, a 60-second limit), <c>humans-deadline</c> (the humans study, deadline 2030-01-01),
    /// <c>humans-regression</c> (rmse, for the refusal) and <c>humans-notrain</c> (macro_f1, no train.csv).
    /// </summary>
    public static string Create()
    {
        var root = Directory.CreateTempSubdirectory("arena-human-bundles-").FullName;
        const string study = "humanStudy:\n  render: table\n  sample: 50\n  seed: 7\n  practice: 10\n";
        Write(root, "humans", "accuracy", null, study, train: true);
        Write(root, "humans-api", "accuracy", null, "", train: true);
        Write(root, "humans-k3", "accuracy", null,
            "humanStudy:\n  render: text:note\n  sample: 50\n  seed: 11\n  practice: 0\n  annotatorsPerItem: 3\n  aggregation: majorityOfK\n  secondsPerItem: 60\n", train: true);
        Write(root, "humans-deadline", "accuracy", "2030-01-01T00:00:00Z", study, train: true);
        Write(root, "humans-regression", "rmse", null, "", train: true);
        Write(root, "humans-notrain", "macro_f1", null, "", train: false);
        return root;
    }

    public static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"h{i:00}");

    public static string Label(int i) => i % 5 == 0 ? Canary : i % 2 == 0 ? "cat" : "dog";

    public static string Label(string id) => Label(int.Parse(id[1..], CultureInfo.InvariantCulture));

    public static string TrainLabel(string id) => int.Parse(id[1..], CultureInfo.InvariantCulture) % 2 == 0 ? "cat" : "dog";

    static string Usage(int i) => i <= 20 ? "Public" : i <= Scored ? "Private" : "Ignored";

    static void Write(string root, string slug, string metric, string? deadline, string humanStudy, bool train)
    {
        var folder = Path.Combine(root, slug);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var regression = metric == "rmse";
        var solution = new StringBuilder(regression ? "id,target,Usage\n" : "id,label,Usage\n");
        var test = new StringBuilder("id,x,y,note\n");
        var sample = new StringBuilder(regression ? "id,target\n" : "id,label\n");
        for (var i = 1; i <= TestRows; i++)
        {
            var label = regression ? (i * 2.5).ToString(CultureInfo.InvariantCulture) : Label(i);
            solution.Append(CultureInfo.InvariantCulture, $"{Id(i)},{label},{Usage(i)}\n");
            test.Append(CultureInfo.InvariantCulture, $"{Id(i)},{i * 1.5},{i * 7 % 11},row {i}\n");
            sample.Append(CultureInfo.InvariantCulture, $"{Id(i)},{(regression ? "1" : "cat")}\n");
        }
        File.WriteAllText(Path.Combine(folder, "solution.csv"), solution.ToString());
        File.WriteAllText(Path.Combine(folder, "data", "test.csv"), test.ToString());
        File.WriteAllText(Path.Combine(folder, "data", "sample_submission.csv"), sample.ToString());
        if (train)
        {
            var rows = new StringBuilder(regression ? "id,x,y,note,target\n" : "id,x,y,note,label\n");
            for (var i = 1; i <= TrainRows; i++)
                rows.Append(CultureInfo.InvariantCulture, $"t{i:00},{i * 2.0},{i % 5},train {i},{(regression ? "3.5" : i % 2 == 0 ? "cat" : "dog")}\n");
            File.WriteAllText(Path.Combine(folder, "data", "train.csv"), rows.ToString());
        }
        File.WriteAllText(Path.Combine(folder, "competition.yaml"), $"""
            title: "Humans {slug}"
            description: "A small classification competition for the human-study tests."
            metric: {metric}
            idColumn: id
            deadline: {deadline ?? "null"}
            solution: solution.csv
            files:
            {(train ? "  - data/train.csv\n" : "")}  - data/test.csv
              - data/sample_submission.csv

            """ + humanStudy);
    }
}

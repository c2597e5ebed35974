using System.Globalization;
using System.Text;

namespace Arena.Load.Support;

/// <summary>
/// The competitions the scenarios load: <c>load</c> (AUC on <see cref="Rows"/> ids, the issue's 10k-row files) and
/// <c>watch</c> (the same metric on 200 ids, for the watchers' driver, whose cost should be the push, not the scoring).
/// Both take up to 10,000 submissions a day per user, so the only limit a scenario meets is the server's own speed.
/// </summary>
public static class LoadBundles
{
    public const string Load = "load";
    public const string Watch = "watch";
    public const int Rows = 10_000;
    public const int WatchRows = 200;

    public static string Create()
    {
        var root = Directory.CreateTempSubdirectory("arena-load-bundles-").FullName;
        Write(Path.Combine(root, Load), Rows);
        Write(Path.Combine(root, Watch), WatchRows);
        return root;
    }

    /// <summary>Odd ids are positive; every third id is Public.</summary>
    static int Label(int id) => id % 2;

    /// <summary>A valid submission whose scores are noisy, so each file scores differently (seeded, so reruns agree).</summary>
    public static byte[] Submission(int rows, int seed)
    {
        var random = new Random(seed);
        var noise = 0.3 + (random.NextDouble() * 0.6);
        var text = new StringBuilder(rows * 12).Append("id,target\n");
        for (var id = 1; id <= rows; id++)
        {
            var score = (Label(id) * (1 - noise)) + (random.NextDouble() * noise);
            text.Append(CultureInfo.InvariantCulture, $"{id},{score:F4}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    static void Write(string folder, int rows)
    {
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var solution = new StringBuilder("id,target,Usage\n");
        var test = new StringBuilder("id,x\n");
        for (var id = 1; id <= rows; id++)
        {
            solution.Append(CultureInfo.InvariantCulture, $"{id},{Label(id)},{(id % 3 == 0 ? "Public" : "Private")}\n");
            test.Append(CultureInfo.InvariantCulture, $"{id},{id}\n");
        }
        File.WriteAllText(Path.Combine(folder, "solution.csv"), solution.ToString());
        File.WriteAllText(Path.Combine(folder, "data", "test.csv"), test.ToString());
        File.WriteAllText(Path.Combine(folder, "competition.yaml"), $"""
            title: "Load {Path.GetFileName(folder)}"
            description: "A competition for the load scenarios."
            metric: auc
            deadline: null
            dailySubmissionLimit: 10000
            maxUploadBytes: {8 << 20}
            solution: solution.csv
            files:
              - data/test.csv
            """);
    }
}

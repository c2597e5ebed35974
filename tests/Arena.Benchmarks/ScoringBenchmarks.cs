using System.Globalization;
using System.Text;
using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using BenchmarkDotNet.Attributes;

namespace Arena.Benchmarks;

public enum IdKind
{
    Integer,
    Text,
}

/// <summary>
/// The three stages of scoring an AUC submission, on a generated 1M-row competition shaped like tests/bench/make_data.py:
/// shuffled submission rows, 6-decimal probabilities, 30% Public / 70% Private.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ScoringBenchmarks
{
    const int Rows = 1_000_000;

    readonly MetricSettings _settings = MetricSettings.Defaults(MetricCatalog.Find("auc"));
    string _folder = "";
    string _solutionPath = "";
    string _submissionPath = "";
    Solution? _solution;
    Predictions? _predictions;

    /// <summary>Integer ids 1..N, or unique 8-character codes such as "0a1b2c3d".</summary>
    [Params(IdKind.Integer, IdKind.Text)]
    public IdKind Ids { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("arena-bench-").FullName;
        _solutionPath = Path.Combine(_folder, "solution.csv");
        _submissionPath = Path.Combine(_folder, "submission.csv");
        Generated.Write(Rows, Ids, _solutionPath, _submissionPath);
        _solution = Solution.Load(_solutionPath, _settings);
        _predictions = SubmissionReader.Read(_solution, _submissionPath).Predictions
            ?? throw new InvalidOperationException("the generated submission was rejected");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>Parsing and indexing the solution: paid once per competition, not per submission.</summary>
    [Benchmark]
    public Solution LoadSolution() => Solution.Load(_solutionPath, _settings);

    /// <summary>Parsing, validating and aligning a submission against the cached solution.</summary>
    [Benchmark]
    public Predictions ReadSubmission() => SubmissionReader.Read(_solution!, _submissionPath).Predictions!;

    /// <summary>Public and Private AUC of predictions already aligned to the solution.</summary>
    [Benchmark]
    public ScoreResult ScoreAuc() => Scorer.Score(_solution!, _predictions!);
}

/// <summary>Writes the benchmark's solution and submission files; the same seed gives the same files.</summary>
static class Generated
{
    const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static void Write(int rows, IdKind kind, string solutionPath, string submissionPath)
    {
        var random = new Random(20261125);
        var ids = new string[rows];
        var targets = new int[rows];
        var probabilities = new double[rows];
        var isPublic = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            ids[i] = kind == IdKind.Integer ? (i + 1).ToString(CultureInfo.InvariantCulture) : TextId(i);
            targets[i] = random.NextDouble() < 0.3 ? 1 : 0;
            probabilities[i] = Math.Clamp(0.35 + (0.3 * targets[i]) + (0.2 * Gaussian(random)), 0, 1);
            isPublic[i] = random.NextDouble() < 0.3;
        }
        var order = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(order);

        using (var solution = new StreamWriter(solutionPath, false, Encoding.UTF8, 1 << 16))
        {
            solution.Write("id,target,Usage\n");
            for (var i = 0; i < rows; i++)
                solution.Write(string.Create(CultureInfo.InvariantCulture, $"{ids[i]},{targets[i]},{(isPublic[i] ? "Public" : "Private")}\n"));
        }
        using var submission = new StreamWriter(submissionPath, false, Encoding.UTF8, 1 << 16);
        submission.Write("id,target\n");
        foreach (var i in order)
            submission.Write(string.Create(CultureInfo.InvariantCulture, $"{ids[i]},{probabilities[i]:F6}\n"));
    }

    /// <summary>A unique 8-character base-36 code: the row number times an odd constant, modulo 36^8.</summary>
    static string TextId(int row) => string.Create(8, (long)row * 2654435761 % 2821109907456, (chars, x) =>
    {
        for (var i = 7; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(x % 36)];
            x /= 36;
        }
    });

    /// <summary>A standard normal draw (Box-Muller).</summary>
    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

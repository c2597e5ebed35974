using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Arena.Cli;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Scoring.Validation;

namespace Arena.Scoring.Tests;

/// <summary>Helpers shared by the malformed-file tests.</summary>
internal static class MalformedSupport
{
    public static void WritePadded(Stream stream, string kind, byte[] head, int size)
    {
        var padding = new byte[1 << 20];
        Array.Fill(padding, (byte)'\n');
        void Fill(Stream target)
        {
            target.Write(head);
            for (var written = head.Length; written < size; written += padding.Length) target.Write(padding);
        }
        switch (kind)
        {
            case "gzip":
                using (var gzip = new GZipStream(stream, CompressionLevel.Fastest)) Fill(gzip);
                break;
            case "zip":
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
                using (var entry = zip.CreateEntry("submission.csv", CompressionLevel.Fastest).Open()) Fill(entry);
                break;
            default:
                Fill(stream);
                break;
        }
    }

    public static string SolutionOfHundredIds()
    {
        var text = new StringBuilder("id,target,Usage\n");
        for (var id = 1; id <= 100; id++) text.Append(id).Append(',').Append(id % 2).Append(id % 4 < 2 ? ",Public\n" : ",Private\n");
        return text.ToString();
    }

    public static Solution LoadAuc(string path) => Solution.Load(path, MetricSettings.Defaults(MetricCatalog.Find("auc")));

    /// <summary>Reads a submission; an exception is turned into a failure naming it, since a file must never crash the reader.</summary>
    public static SubmissionCheck Read(Solution solution, string path)
    {
        try
        {
            return SubmissionReader.Read(solution, path);
        }
        catch (Exception e)
        {
            Assert.Fail($"SubmissionReader.Read threw instead of reporting an error: {e.GetType().FullName}: {e.Message}");
            throw;
        }
    }

    public static (int Exit, string Output, string Error) RunCli(string solution, string submission, string metric)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.Run(ArenaCommand.Create(), ["score", "--solution", solution, "--submission", submission, "--metric", metric], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static string Describe(IEnumerable<ValidationError> errors) =>
        string.Join(Environment.NewLine, errors.Select(e => $"  [{e.Code}] {e}"));
}

internal sealed class TempFolder : IDisposable
{
    readonly string _path = Directory.CreateTempSubdirectory("arena-malformed-").FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(_path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteStream(string name, Action<Stream> write)
    {
        var path = Path.Combine(_path, name);
        using (var stream = File.Create(path)) write(stream);
        return path;
    }

    public void Dispose() => Directory.Delete(_path, recursive: true);
}

/// <summary>One entry of Malformed/manifest.json. <see cref="Line"/> is null for whole-file errors.</summary>
internal sealed record MalformedCase(string File, string Solution, string Metric, string Code, long? Line, string? Column, string? Message, string Why)
{
    public static readonly string Folder = System.IO.Path.Combine(AppContext.BaseDirectory, "Malformed");

    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<MalformedCase> All { get; } =
        JsonSerializer.Deserialize<List<MalformedCase>>(System.IO.File.ReadAllText(System.IO.Path.Combine(Folder, "manifest.json")), Options)!;

    public static MalformedCase Find(string file) => All.Single(c => c.File == file);

    public string Path => System.IO.Path.Combine(Folder, File);

    public string SolutionPath => System.IO.Path.Combine(Folder, Solution);

    public Reading.Solution LoadSolution() => Reading.Solution.Load(SolutionPath, MetricSettings.Defaults(MetricCatalog.Find(Metric)));

    public bool Matches(ValidationError error) =>
        error.Code == Code && error.Line == Line && (Column is null || error.Column == Column);

    public string Describe() => $"[{Code}] at {(Line is { } l ? $"line {l}" : "no line")}{(Column is null ? "" : $", column '{Column}'")}";
}

/// <summary>The Usage and target values of a corpus solution (simple files: no quotes), which no message may quote.</summary>
internal sealed record SolutionFile(IReadOnlyList<string> UsageValues, IReadOnlyList<string> TargetValues)
{
    public static SolutionFile Parse(string path)
    {
        var rows = System.IO.File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var header = rows[0];
        var usage = Array.IndexOf(header, "Usage");
        var usageValues = usage < 0 ? [] : rows.Skip(1).Select(r => r[usage]).Distinct().ToList();
        var targets = Enumerable.Range(1, header.Length - 1).Where(i => i != usage);
        var targetValues = rows.Skip(1).SelectMany(r => targets.Select(i => r[i])).Distinct().ToList();
        return new SolutionFile(usageValues, targetValues);
    }
}

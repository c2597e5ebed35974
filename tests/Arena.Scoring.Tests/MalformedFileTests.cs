using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Arena.Cli;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Scoring.Validation;

namespace Arena.Scoring.Tests;

/// <summary>
/// The malformed-submission corpus (Malformed/manifest.json): every file is rejected by the reader and by
/// <c>arena score</c> with the expected error code on the expected physical line, and no message reveals the solution.
/// Binary, compressed, UTF-16 and CRLF members are written by Malformed/make_binary_files.py.
/// </summary>
public sealed class MalformedFileTests
{
    public static TheoryData<string> Files() => [.. MalformedCase.All.Select(c => c.File)];

    public static TheoryData<string> CanaryFiles() =>
    [
        "missing_last_id.csv", "duplicate_rows.csv", "extra_column.csv", "unknown_ids.csv",
        "empty_labels.csv", "field_counts.csv", "header_only.csv", "wrong_header.csv",
    ];

    [Fact]
    public void Manifest_lists_every_corpus_file_and_only_existing_ones()
    {
        var listed = MalformedCase.All.Select(c => c.File).ToList();
        Assert.True(listed.Count >= 30, $"the corpus has only {listed.Count} files");
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        foreach (var c in MalformedCase.All)
        {
            Assert.True(File.Exists(c.Path), $"{c.File} is listed but missing");
            Assert.True(File.Exists(c.SolutionPath), $"{c.File} names a missing solution {c.Solution}");
            Assert.True(MetricCatalog.TryFind(c.Metric, out _, out _), $"{c.File} names an unknown metric {c.Metric}");
            Assert.False(string.IsNullOrWhiteSpace(c.Why), $"{c.File} does not say why it is malformed");
        }
        var onDisk = Directory.EnumerateFiles(MalformedCase.Folder)
            .Select(Path.GetFileName)
            .Where(name => name is not ("manifest.json" or "make_binary_files.py" or ".gitattributes") && !name!.StartsWith("solution_", StringComparison.Ordinal));
        Assert.Empty(onDisk.Except(listed, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Reader_rejects_with_the_expected_code_and_line(string file)
    {
        var c = MalformedCase.Find(file);
        var check = Read(c.LoadSolution(), c.Path);

        Assert.Null(check.Predictions);
        Assert.False(check.IsValid);
        Assert.NotEmpty(check.Errors);
        Assert.True(check.ErrorCount >= check.Errors.Count(e => e.Code != ErrorCodes.TooManyErrors));
        var match = check.Errors.FirstOrDefault(c.Matches);
        Assert.True(match is not null, $"expected {c.Describe()}; the reader reported:{Environment.NewLine}{Describe(check.Errors)}");
        if (c.Message is { } text) Assert.Contains(text, match.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Cli_exits_with_1_and_names_the_line(string file)
    {
        var c = MalformedCase.Find(file);
        var (exit, output, error) = RunCli(c.SolutionPath, c.Path, c.Metric);

        Assert.True(exit == CommandLine.Invalid, $"exit code {exit}, stderr:{Environment.NewLine}{error}");
        Assert.Equal("", output);
        // System.CommandLine turns an exception into exit code 1 too, so a crash must be told apart by its text.
        Assert.False(error.Contains("Unhandled exception", StringComparison.Ordinal), $"the CLI crashed: {error.Split('\n')[0]}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith($"{c.File}: ", l, StringComparison.Ordinal));
        if (c.Line is { } line)
        {
            // "line 4" must not be satisfied by "line 40": the location ends with ',' or ':'.
            var prefix = c.Column is null ? $"{c.File}: line {line}" : $"{c.File}: line {line}, column '{c.Column}'";
            Assert.True(lines.Any(l => l.StartsWith(prefix + ",", StringComparison.Ordinal) || l.StartsWith(prefix + ":", StringComparison.Ordinal)),
                $"no stderr line starts with \"{prefix}\":{Environment.NewLine}{error}");
        }
        else
        {
            var named = c.Message ?? "";
            Assert.True(lines.Any(l => l.Contains(named, StringComparison.Ordinal)),
                $"no stderr line names the problem (\"{named}\"):{Environment.NewLine}{error}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Messages_reveal_neither_usage_nor_solution_values(string file)
    {
        var c = MalformedCase.Find(file);
        var solution = SolutionFile.Parse(c.SolutionPath);
        var texts = new List<string>();
        try
        {
            texts.AddRange(SubmissionReader.Read(c.LoadSolution(), c.Path).Errors.Select(e => e.ToString()));
        }
        catch (Exception)
        {
            // A crash is reported by Reader_rejects_with_the_expected_code_and_line; here only what was printed counts.
        }
        texts.Add(RunCli(c.SolutionPath, c.Path, c.Metric).Error.Replace(c.File, "", StringComparison.Ordinal));

        foreach (var text in texts)
        {
            foreach (var word in solution.UsageValues.Append("Public").Append("Private"))
                Assert.False(text.Contains(word, StringComparison.OrdinalIgnoreCase), $"'{word}' in: {text}");
            foreach (var secret in solution.TargetValues.Where(v => v.Length >= 4))
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"solution value '{secret}' in: {text}");
        }
    }

    /// <summary>
    /// A solution whose label column holds "CANARY_LABEL_7f3a" and whose last, Private id is "private-canary-id-91":
    /// no error may quote a solution label; the id may appear only as a missing id (ids are public in test.csv) or as
    /// the submitted text of the row it is on, and no message may say Public or Private.
    /// </summary>
    [Theory]
    [MemberData(nameof(CanaryFiles))]
    public void Canary_solution_label_never_appears_in_errors(string file)
    {
        const string Label = "CANARY_LABEL_7f3a";
        const string HiddenId = "private-canary-id-91";
        var folder = Path.Combine(MalformedCase.Folder, "canary");
        var solutionPath = Path.Combine(folder, "solution.csv");
        var path = Path.Combine(folder, file);
        var submitted = File.ReadAllText(path);
        Assert.DoesNotContain(Label, submitted, StringComparison.Ordinal);

        var check = SubmissionReader.Read(Solution.Load(solutionPath, MetricSettings.Defaults(MetricCatalog.Find("accuracy"))), path);

        Assert.Null(check.Predictions);
        Assert.NotEmpty(check.Errors);
        foreach (var error in check.Errors)
        {
            Assert.DoesNotContain(Label, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("public", error.Message.Replace(HiddenId, "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("private", error.Message.Replace(HiddenId, "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            var mayNameHiddenId = error.Code == ErrorCodes.MissingIds || submitted.Contains(HiddenId, StringComparison.Ordinal);
            if (!mayNameHiddenId) Assert.DoesNotContain(HiddenId, error.ToString(), StringComparison.Ordinal);
        }
        if (file == "missing_last_id.csv")
        {
            var missing = Assert.Single(check.Errors);
            Assert.Equal(ErrorCodes.MissingIds, missing.Code);
            Assert.Contains(HiddenId, missing.Message, StringComparison.Ordinal);
        }

        var (exit, _, stderr) = RunCli(solutionPath, path, "accuracy");
        Assert.Equal(CommandLine.Invalid, exit);
        Assert.DoesNotContain(Label, stderr, StringComparison.Ordinal);
        var withoutId = stderr.Replace(HiddenId, "", StringComparison.Ordinal).Replace(file, "", StringComparison.Ordinal);
        Assert.DoesNotContain("public", withoutId, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("private", withoutId, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Hundred_bad_rows_report_twenty_errors_and_a_count_of_the_rest()
    {
        using var dir = new TempFolder();
        var solutionPath = dir.Write("solution.csv", SolutionOfHundredIds());
        var submission = new StringBuilder("id,target\n");
        for (var id = 1; id <= 100; id++) submission.Append(id).Append(",abc\n");
        var path = dir.Write("submission.csv", submission.ToString());

        var check = SubmissionReader.Read(LoadAuc(solutionPath), path);

        Assert.Null(check.Predictions);
        Assert.Equal(100, check.ErrorCount);
        Assert.Equal(21, check.Errors.Count);
        Assert.All(check.Errors.Take(20), e => Assert.Equal(ErrorCodes.NotANumber, e.Code));
        Assert.Equal(Enumerable.Range(2, 20).Select(l => (long?)l), check.Errors.Take(20).Select(e => e.Line));
        var last = check.Errors[^1];
        Assert.Equal(ErrorCodes.TooManyErrors, last.Code);
        Assert.Null(last.Line);
        Assert.Contains("80 more error(s) not shown", last.Message, StringComparison.Ordinal);

        var (exit, _, stderr) = RunCli(solutionPath, path, "auc");
        Assert.Equal(CommandLine.Invalid, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(21, lines.Length);
        Assert.Contains("80 more error(s) not shown", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_ids_are_reported_even_when_the_row_errors_fill_the_list()
    {
        using var dir = new TempFolder();
        var solutionPath = dir.Write("solution.csv", SolutionOfHundredIds());
        var submission = new StringBuilder("id,target\n");
        for (var id = 101; id <= 200; id++) submission.Append(id).Append(",0.5\n");
        var path = dir.Write("submission.csv", submission.ToString());

        var check = SubmissionReader.Read(LoadAuc(solutionPath), path);

        Assert.Null(check.Predictions);
        Assert.Equal(101, check.ErrorCount);
        Assert.Equal(22, check.Errors.Count);
        Assert.All(check.Errors.Take(20), e => Assert.Equal(ErrorCodes.UnknownId, e.Code));
        var missing = check.Errors[20];
        Assert.Equal(ErrorCodes.MissingIds, missing.Code);
        Assert.Contains("100 id(s)", missing.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.TooManyErrors, check.Errors[21].Code);
        Assert.Contains("80 more error(s) not shown", check.Errors[21].Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> LargeFileKinds() => new()
    {
        { "auc", "\n" }, { "auc", "\r\n" }, { "accuracy", "\n" }, { "accuracy", "\r\n" },
    };

    /// <summary>
    /// Rows are parsed in parallel batches: in a 20,000-row file with blank lines every 37 rows (and, for labels, a quoted
    /// two-line label every 101 rows), bad values far into the file are still reported on their physical lines, in order.
    /// </summary>
    [Theory]
    [MemberData(nameof(LargeFileKinds))]
    public void Line_numbers_stay_physical_deep_into_a_large_file(string metric, string eol)
    {
        const int Rows = 20_000;
        int[] bad = [3, 1234, 9876, 15_001, 19_999, Rows];
        var labels = metric == "accuracy";
        using var dir = new TempFolder();
        var solution = new StringBuilder(labels ? "id,label,Usage\n" : "id,target,Usage\n");
        for (var id = 1; id <= Rows; id++)
        {
            var target = labels ? (id % 3 == 0 ? "lbl_x" : "lbl_y") : (id % 2).ToString(CultureInfo.InvariantCulture);
            solution.Append(CultureInfo.InvariantCulture, $"{id},{target},{(id % 4 < 2 ? "Public" : "Private")}\n");
        }
        var solutionPath = dir.Write("solution.csv", solution.ToString());

        var submission = new StringBuilder(labels ? "id,label" : "id,target").Append(eol);
        var next = 2L;
        var expected = new List<long>();
        for (var id = 1; id <= Rows; id++)
        {
            if (id % 37 == 0)
            {
                submission.Append(eol);
                next++;
            }
            if (bad.Contains(id))
            {
                expected.Add(next);
                submission.Append(CultureInfo.InvariantCulture, $"{id},{(labels ? "" : "abc")}{eol}");
                next++;
            }
            else if (labels && id % 101 == 0)
            {
                submission.Append(CultureInfo.InvariantCulture, $"{id},\"two{eol}lines\"{eol}");
                next += 2;
            }
            else
            {
                submission.Append(CultureInfo.InvariantCulture, $"{id},{(labels ? "lbl_y" : "0.5")}{eol}");
                next++;
            }
        }
        var path = dir.Write("submission.csv", submission.ToString());

        var check = SubmissionReader.Read(Solution.Load(solutionPath, MetricSettings.Defaults(MetricCatalog.Find(metric))), path);

        Assert.Null(check.Predictions);
        Assert.Equal(bad.Length, check.ErrorCount);
        Assert.All(check.Errors, e => Assert.Equal(labels ? ErrorCodes.EmptyValue : ErrorCodes.NotANumber, e.Code));
        Assert.Equal(expected, check.Errors.Select(e => e.Line!.Value));
        Assert.Equal(bad.Select(id => id.ToString(CultureInfo.InvariantCulture)), check.Errors.Select(e => e.Id));
    }

    public static TheoryData<string> OversizedKinds() => ["gzip", "zip", "plain"];

    /// <summary>50 MB of text that compresses to almost nothing: reading stops at the cap instead of inflating it all.</summary>
    [Theory]
    [MemberData(nameof(OversizedKinds))]
    public void Decompressed_size_cap_rejects_a_bomb_quickly(string kind)
    {
        using var dir = new TempFolder();
        var solution = LoadAuc(Path.Combine(MalformedCase.Folder, "solution_binary.csv"));
        var head = Encoding.UTF8.GetBytes("id,target\n1,0.15\n2,0.85\n3,0.7\n4,0.2\n5,0.3\n6,0.9\n7,0.05\n8,0.6\n9,0.4\n10,0.75\n");
        // Blank lines are skipped, so the only error the file can have is its size.
        var size = kind == "plain" ? 2_000_000 : 50_000_000;
        var path = dir.WriteStream(kind == "plain" ? "big.csv" : kind == "zip" ? "big.zip" : "big.csv.gz",
            stream => WritePadded(stream, kind, head, size));

        var clock = Stopwatch.StartNew();
        var check = SubmissionReader.Read(solution, path, maxBytes: 1_000_000);
        clock.Stop();

        Assert.Null(check.Predictions);
        var error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.TooLarge, error.Code);
        Assert.Null(error.Line);
        Assert.Contains("976.6 KiB", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    /// <summary>The size cap is a whole-file finding: it must be reported even when row errors have filled the list.</summary>
    [Fact]
    public void Too_large_is_reported_even_after_many_row_errors()
    {
        using var dir = new TempFolder();
        var solution = LoadAuc(Path.Combine(MalformedCase.Folder, "solution_binary.csv"));
        // Every row repeats id 1, so each one after the first is a duplicate_id error.
        var path = dir.WriteStream("repeated.csv.gz", stream =>
        {
            using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
            gzip.Write("id,target\n"u8);
            var block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("1,0.000000\n", 10_000)));
            for (var written = 0L; written < 50_000_000; written += block.Length) gzip.Write(block);
        });

        var check = SubmissionReader.Read(solution, path, maxBytes: 1_000_000);

        Assert.Null(check.Predictions);
        Assert.True(check.Errors.Any(e => e.Code == ErrorCodes.TooLarge),
            $"too_large is not among the reported errors:{Environment.NewLine}{Describe(check.Errors.TakeLast(3))}");
    }

    static void WritePadded(Stream stream, string kind, byte[] head, int size)
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

    static string SolutionOfHundredIds()
    {
        var text = new StringBuilder("id,target,Usage\n");
        for (var id = 1; id <= 100; id++) text.Append(id).Append(',').Append(id % 2).Append(id % 4 < 2 ? ",Public\n" : ",Private\n");
        return text.ToString();
    }

    static Solution LoadAuc(string path) => Solution.Load(path, MetricSettings.Defaults(MetricCatalog.Find("auc")));

    /// <summary>Reads a submission; an exception is turned into a failure naming it, since a file must never crash the reader.</summary>
    static SubmissionCheck Read(Solution solution, string path)
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

    static (int Exit, string Output, string Error) RunCli(string solution, string submission, string metric)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.Run(ArenaCommand.Create(), ["score", "--solution", solution, "--submission", submission, "--metric", metric], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    static string Describe(IEnumerable<ValidationError> errors) =>
        string.Join(Environment.NewLine, errors.Select(e => $"  [{e.Code}] {e}"));

    sealed class TempFolder : IDisposable
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

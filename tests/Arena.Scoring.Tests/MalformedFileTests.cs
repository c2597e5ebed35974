using Arena.Cli;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Scoring.Validation;

using static Arena.Scoring.Tests.MalformedSupport;

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
}

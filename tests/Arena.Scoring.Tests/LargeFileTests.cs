using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Arena.Cli;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Scoring.Validation;

using static Arena.Scoring.Tests.MalformedSupport;

namespace Arena.Scoring.Tests;

/// <summary>Files too big or too broken for the corpus: the error cap, line numbers deep into large files, and the size cap.</summary>
public sealed class LargeFileTests
{
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
}

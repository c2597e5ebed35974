using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;

namespace Arena.Scoring.Tests;

/// <summary>Every id layout (consecutive, dense, sparse, text) joins a shuffled submission to the same score.</summary>
public sealed class IdIndexTests
{
    public static TheoryData<string, string[]> Layouts() => new()
    {
        { "consecutive", ["10", "11", "12", "13", "14", "15"] },
        { "dense with gaps", ["3", "5", "6", "9", "10", "12"] },
        { "sparse", ["7", "900000000000", "-42", "31337", "123456789012", "0"] },
        { "text", ["a1", "b2", "c3", "007", "7", "x y"] },
        { "integers then text", ["1", "2", "3", "4", "4b", "5"] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_shuffled_submission_is_joined_by_id(string layout, string[] ids)
    {
        string[] labels = ["1", "0", "1", "0", "0", "1"];
        double[] scores = [0.9, 0.2, 0.6, 0.4, 0.1, 0.7];
        var solution = Load("id,target\n" + string.Concat(ids.Select((id, i) => $"{Quote(id)},{labels[i]}\n")));
        var order = new[] { 4, 1, 5, 0, 3, 2 };
        var submission = "id,target\n" + string.Concat(order.Select(i => $"{Quote(ids[i])},{scores[i]}\n"));

        var outcome = Scorer.Score(solution, CsvInput.FromText(submission));

        Assert.True(outcome.IsScored, layout + ": " + string.Join("; ", outcome.Errors));
        Assert.Equal(1.0, outcome.Result!.Public);
    }

    [Fact]
    public void Leading_zeros_make_a_different_id()
    {
        var solution = Load("id,target\n7,1\n8,0\n");
        var check = SubmissionReader.Read(solution, CsvInput.FromText("id,target\n007,0.5\n8,0.5\n"));

        Assert.False(check.IsValid);
        Assert.Contains(check.Errors, e => e.Code == "unknown_id" && e.Id == "007" && e.Line == 2);
    }

    [Theory]
    [InlineData("id,target\n1,0\n2,1\n2,0\n")]
    [InlineData("id,target\na,0\nb,1\na,0\n")]
    [InlineData("id,target\n1,0\nb,1\n1,0\n")]
    public void A_solution_with_a_repeated_id_is_refused(string csv)
    {
        var e = Assert.Throws<SolutionException>(() => Load(csv));
        Assert.Contains(e.Errors, error => error.Code == "duplicate_id");
    }

    [Fact]
    public void Missing_ids_are_listed_by_their_text_for_consecutive_ids()
    {
        var solution = Load("id,target\n100,0\n101,1\n102,0\n103,1\n");
        var check = SubmissionReader.Read(solution, CsvInput.FromText("id,target\n100,0.1\n103,0.9\n"));

        var missing = Assert.Single(check.Errors);
        Assert.Equal("missing_ids", missing.Code);
        Assert.Contains("2 id(s)", missing.Message, StringComparison.Ordinal);
        Assert.Contains("101, 102", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_ids_of_every_length_and_script_round_trip()
    {
        var ids = Enumerable.Range(0, 50_000).Select(i => (i % 5) switch
        {
            0 => $"a{i}",
            1 => $"id-{i:D12}",
            2 => $"é{i}",
            3 => $"{Guid.NewGuid()}",
            _ => $"x{i % 97}y{i}",
        }).ToList();
        var index = new TextIdIndex();

        foreach (var id in ids) Assert.True(index.Add(id));

        Assert.Equal(ids.Count, index.Count);
        for (var row = 0; row < ids.Count; row += 7)
        {
            Assert.Equal(ids[row], index.IdAt(row));
            Assert.Equal(row, index.Find(ids[row]));
        }
        Assert.False(index.Add(ids[123]));
        Assert.False(index.Add(ids[124]));
        Assert.Equal(-1, index.Find("a"));
        Assert.Equal(-1, index.Find(""));
        Assert.Equal(-1, index.Find("id-000000000001x"));
    }

    static Solution Load(string csv) => Solution.Load(CsvInput.FromText(csv), MetricSettings.Defaults(MetricCatalog.Find("auc")));

    static string Quote(string id) => id.Contains(' ', StringComparison.Ordinal) ? $"\"{id}\"" : id;
}

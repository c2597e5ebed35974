using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;

namespace Arena.Scoring.Tests;

/// <summary>Rules the golden files do not pin down: our own choices where scikit-learn has no opinion.</summary>
public sealed class ScoringEdgeCaseTests
{
    [Fact]
    public void Ndcg_scores_a_row_without_graded_items_as_zero()
    {
        var score = Score("ndcg@k", "id,items\n1,a:3 b:1\n2,\n", "id,items\n1,a b\n2,x y\n");
        Assert.Equal(0.5, score);
    }

    [Fact]
    public void Ndcg_ideal_ordering_uses_graded_items_the_submission_left_out()
    {
        // Submitted: b (grade 1) only. Ideal: a (3) then b (1). DCG = 1; IDCG = 7 + 1/log2(3).
        var score = Score("ndcg@k", "id,items\n1,a:3 b:1\n", "id,items\n1,b\n");
        Assert.Equal(1 / (7 + (1 / Math.Log2(3))), score, 1e-12);
    }

    [Fact]
    public void Ignored_rows_must_be_valid_but_do_not_count()
    {
        const string solution = "id,target,Usage\n1,1,Public\n2,0,Public\n3,1,Ignored\n";
        Assert.Equal(1.0, Score("auc", solution, "id,target\n1,0.9\n2,0.1\n3,0.0\n"));
        var check = SubmissionReader.Read(Load("auc", solution), CsvInput.FromText("id,target\n1,0.9\n2,0.1\n3,abc\n"));
        Assert.Contains(check.Errors, e => e.Code == "not_a_number" && e.Line == 4);
    }

    [Fact]
    public void Columns_may_come_in_any_order()
    {
        Assert.Equal(1.0, Score("auc", "id,target\n1,1\n2,0\n", "target,id\n0.9,1\n0.1,2\n"));
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData(" 0.5 ")]
    [InlineData("\"0.5\"")]
    [InlineData("5e-1")]
    [InlineData("+0.5")]
    [InlineData(".5")]
    public void The_fast_and_careful_passes_read_numbers_alike(string written)
    {
        // A blank line sends the file through the fast pass; an unknown id on another row forces the careful pass.
        var solution = Load("rmse", "id,target\n1,1\n2,0\n");
        var fast = SubmissionReader.Read(solution, CsvInput.FromText($"id,target\n1,{written}\n\n2,0\n"));
        var careful = SubmissionReader.Read(solution, CsvInput.FromText($"id,target\n1,{written}\n2,0\n99,0\n"));

        Assert.True(fast.IsValid, string.Join("; ", fast.Errors));
        Assert.Equal(Math.Sqrt(0.25 / 2), Scorer.Score(solution, fast.Predictions!).Public!.Value, 1e-15);
        var only = Assert.Single(careful.Errors);
        Assert.Equal(("unknown_id", 4L), (only.Code, only.Line!.Value));
    }

    [Fact]
    public void Numeric_labels_compare_as_numbers()
    {
        Assert.Equal(1.0, Score("macro_f1", "id,label\n1,1\n2,2\n3,3\n", "id,label\n1,1.0\n2,2e0\n3,3\n"));
    }

    [Fact]
    public void Qwk_refuses_ratings_that_are_not_whole_numbers()
    {
        var check = SubmissionReader.Read(Load("qwk", "id,rating\n1,1\n2,2\n"), CsvInput.FromText("id,rating\n1,1\n2,2.5\n"));
        Assert.Contains(check.Errors, e => e.Code == "not_a_number" && e.Line == 3 && e.Column == "rating");
    }

    [Fact]
    public void Multiclass_probabilities_are_normalised_per_row()
    {
        // Row 1: 0.2/(0.2+0.2) = 0.5 for the true class; row 2: 0.9/1.0.
        var score = Score("multiclass_logloss", "id,a,b\n1,1,0\n2,0,1\n", "id,a,b\n1,0.2,0.2\n2,0.1,0.9\n");
        Assert.Equal(-(Math.Log(0.5) + Math.Log(0.9)) / 2, score, 1e-15);
    }

    static Solution Load(string metric, string csv) => Solution.Load(CsvInput.FromText(csv), MetricSettings.Defaults(MetricCatalog.Find(metric)));

    static double Score(string metric, string solution, string submission)
    {
        var outcome = Scorer.Score(Load(metric, solution), CsvInput.FromText(submission));
        Assert.True(outcome.IsScored, string.Join("; ", outcome.Errors));
        return outcome.Result!.Public!.Value;
    }
}

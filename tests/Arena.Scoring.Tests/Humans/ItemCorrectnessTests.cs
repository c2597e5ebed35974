using Arena.Scoring.Humans;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;

namespace Arena.Scoring.Tests.Humans;

/// <summary>Right or wrong per item for the comparison with a human study, in each submission shape a class metric reads.</summary>
public sealed class ItemCorrectnessTests
{
    /// <summary>The digits bundle's shape: one-hot class columns in the solution, probabilities in the submission.</summary>
    [Fact]
    public void A_probability_submission_is_right_where_its_most_probable_column_is_the_true_class()
    {
        var solution = Solution.Load(CsvInput.FromText("id,digit_0,digit_1,digit_2,Usage\n1,1,0,0,Public\n2,0,1,0,Private\n3,0,0,1,Public\n4,0,1,0,Private\n"),
            MetricSettings.Defaults(MetricCatalog.Find("multiclass_logloss")));
        var check = SubmissionReader.Read(solution, CsvInput.FromText("id,digit_0,digit_1,digit_2\n1,0.7,0.2,0.1\n2,0.5,0.3,0.2\n3,0.1,0.1,0.8\n4,0.2,0.6,0.2\n"));
        Assert.True(check.IsValid, string.Join("; ", check.Errors));

        var correct = ItemCorrectness.Of(solution, check.Predictions!, ["1", "2", "3", "4"]);

        Assert.Equal([true, false, true, true], new[] { "1", "2", "3", "4" }.Select(id => correct[id]));
        Assert.Equal(new HashSet<string> { "1", "3" }, ItemCorrectness.PublicOnes(solution, ["1", "2", "3", "4"]));
    }

    [Fact]
    public void A_label_submission_is_right_where_the_label_matches()
    {
        var solution = Solution.Load(CsvInput.FromText("id,label\n1,cat\n2,dog\n3,cat\n"), MetricSettings.Defaults(MetricCatalog.Find("accuracy")));
        var check = SubmissionReader.Read(solution, CsvInput.FromText("id,label\n1,cat\n2,cat\n3,cat\n"));
        Assert.True(check.IsValid, string.Join("; ", check.Errors));

        var correct = ItemCorrectness.Of(solution, check.Predictions!, ["1", "2", "3"]);

        Assert.Equal([true, false, true], new[] { "1", "2", "3" }.Select(id => correct[id]));
    }
}

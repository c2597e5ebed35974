using Arena.Scoring.Humans;

namespace Arena.Scoring.Tests.Humans;

public sealed class FleissKappaTests
{
    // Fleiss (1971), as tabulated on Wikipedia's "Fleiss' kappa" page: 10 subjects, 14 raters, 5 categories.
    static readonly int[][] Fleiss1971 =
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];

    [Fact]
    public void The_classic_example_table_has_14_raters_on_every_subject()
    {
        Assert.All(Fleiss1971, row => Assert.Equal(14, row.Sum()));
    }

    [Fact]
    public void The_classic_example_gives_0_210()
    {
        // Wikipedia: P-bar = 0.378, P_e = 0.213, kappa = 0.210. Exactly (0.37802 - 0.21276) / (1 - 0.21276) = 0.2099307...
        var kappa = FleissKappa.Compute(Fleiss1971);
        Assert.Equal(0.210, kappa, 0.0005);
        var observed = (Fleiss1971.Sum(r => r.Sum(x => x * x)) - 140) / (140.0 * 13);
        var chance = Enumerable.Range(0, 5).Sum(j => Math.Pow(Fleiss1971.Sum(r => r[j]) / 140.0, 2));
        Assert.Equal((observed - chance) / (1 - chance), kappa, 1e-15);
    }

    [Fact]
    public void Labels_give_the_same_kappa_as_their_counts()
    {
        string[] names = ["a", "b", "c", "d", "e"];
        var labels = Fleiss1971.Select(row => (IReadOnlyList<string>)row.SelectMany((count, j) => Enumerable.Repeat(names[j], count)).ToArray()).ToArray();
        Assert.Equal(FleissKappa.Compute(Fleiss1971), FleissKappa.FromLabels(labels));
    }

    [Fact]
    public void Full_agreement_is_one()
    {
        Assert.Equal(1.0, FleissKappa.Compute([[3, 0], [0, 3], [3, 0]]));
    }

    [Fact]
    public void A_single_category_leaves_kappa_undefined()
    {
        Assert.True(double.IsNaN(FleissKappa.Compute([[3], [3]])));
    }

    [Fact]
    public void Unequal_rater_counts_are_refused_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => FleissKappa.Compute([[2, 1], [1, 1]]));
        Assert.Contains("same number of raters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_rater_per_item_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FleissKappa.Compute([[1, 0], [0, 1]]));
    }
}

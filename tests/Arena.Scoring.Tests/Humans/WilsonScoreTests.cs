using Arena.Scoring.Humans;

namespace Arena.Scoring.Tests.Humans;

public sealed class WilsonScoreTests
{
    [Theory]
    // The reference values of the human-baseline issue (Wilson, z = 1.96), to 3 decimals.
    [InlineData(45, 50, 0.786, 0.957)]
    [InlineData(376, 400, 0.912, 0.959)]
    [InlineData(90, 100, 0.826, 0.945)]
    public void Matches_the_issue_reference_intervals(int k, int n, double low, double high)
    {
        var interval = WilsonScore.Interval(k, n);
        Assert.Equal((double)k / n, interval.Estimate);
        Assert.Equal(low, interval.Low, 0.0005);
        Assert.Equal(high, interval.High, 0.0005);
        Assert.Equal(0.95, interval.Confidence);
    }

    [Fact]
    public void Matches_the_formula_evaluated_in_python_to_full_precision()
    {
        // Python 3: the Wilson formula with z = NormalDist().inv_cdf(0.975), 45 of 50.
        var interval = WilsonScore.Interval(45, 50);
        Assert.Equal(0.7863976856252035, interval.Low, 1e-13);
        Assert.Equal(0.9565242350681096, interval.High, 1e-13);
    }

    [Fact]
    public void None_right_starts_at_exactly_zero()
    {
        // Closed form at k = 0: the upper end is z^2 / (n + z^2).
        var z2 = Math.Pow(NormalDistribution.Quantile(0.975), 2);
        var interval = WilsonScore.Interval(0, 10);
        Assert.Equal(0.0, interval.Low);
        Assert.Equal(z2 / (10 + z2), interval.High, 1e-15);
    }

    [Fact]
    public void All_right_ends_at_exactly_one()
    {
        // Closed form at k = n: the lower end is n / (n + z^2).
        var z2 = Math.Pow(NormalDistribution.Quantile(0.975), 2);
        var interval = WilsonScore.Interval(10, 10);
        Assert.Equal(1.0, interval.High);
        Assert.Equal(10 / (10 + z2), interval.Low, 1e-15);
    }

    [Fact]
    public void A_higher_confidence_gives_a_wider_interval()
    {
        var narrow = WilsonScore.Interval(45, 50, 0.90);
        var wide = WilsonScore.Interval(45, 50, 0.99);
        Assert.True(wide.Low < narrow.Low && wide.High > narrow.High);
    }

    [Fact]
    public void A_proportion_over_items_agrees_with_the_count()
    {
        Assert.Equal(WilsonScore.Interval(45, 50), WilsonScore.ForProportion(0.9, 50));
    }

    [Fact]
    public void No_trials_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => WilsonScore.Interval(0, 0));
        Assert.Contains("at least one trial", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    public void Successes_outside_zero_to_n_are_refused(int k, int n)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonScore.Interval(k, n));
    }
}

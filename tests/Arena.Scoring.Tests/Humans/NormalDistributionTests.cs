using Arena.Scoring.Humans;

namespace Arena.Scoring.Tests.Humans;

public sealed class NormalDistributionTests
{
    [Theory]
    // Python 3 statistics.NormalDist().inv_cdf(p) (AS241) and R's qnorm(p), printed to 17 digits.
    [InlineData(0.975, 1.9599639845400536)]
    [InlineData(0.995, 2.5758293035489)]
    [InlineData(0.9, 1.2815515655446008)]
    [InlineData(0.3, -0.5244005127080407)]
    [InlineData(0.02425, -1.9729610513118845)]
    [InlineData(1e-10, -6.361340902404056)]
    [InlineData(0.999999999999, 7.0344869100478356)]
    public void Quantile_matches_published_values(double p, double z)
    {
        Assert.Equal(z, NormalDistribution.Quantile(p), 1e-14);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.6)]
    [InlineData(0.8)]
    [InlineData(0.975)]
    [InlineData(0.999)]
    public void Quantile_inverts_the_cdf_found_by_integrating_the_density(double p)
    {
        // An independent route: Phi(z) = 1/2 + integral of the density from 0 to z, by Simpson's rule.
        var z = NormalDistribution.Quantile(p);
        const int steps = 20_000;
        var h = z / steps;
        double sum = Density(0) + Density(z);
        for (var i = 1; i < steps; i++) sum += (i % 2 == 1 ? 4 : 2) * Density(i * h);
        Assert.Equal(p, 0.5 + (sum * h / 3), 1e-13);
    }

    [Fact]
    public void Quantile_is_symmetric()
    {
        Assert.Equal(0.0, NormalDistribution.Quantile(0.5));
        Assert.Equal(-NormalDistribution.Quantile(0.01), NormalDistribution.Quantile(0.99), 1e-15);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Quantile_refuses_probabilities_outside_the_open_interval(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalDistribution.Quantile(p));
    }

    static double Density(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
}

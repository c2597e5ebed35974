using Arena.Scoring.Metrics;

namespace Arena.Scoring.Tests;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 20_000)]
    [InlineData(3, 300_000)]
    public void Sorts_like_Array_Sort(int seed, int length)
    {
        var random = new Random(seed);
        double[] specials = [0.0, -0.0, 1.0, -1.0, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, 0.5, 1e-300];
        var values = Enumerable.Range(0, length).Select(i => (i % 7) switch
        {
            0 => specials[random.Next(specials.Length)],
            1 => Math.Round(random.NextDouble(), 2),
            2 => -random.NextDouble() * 1e6,
            _ => random.NextDouble(),
        }).ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);

        RadixSort.Sort(values);

        // -0.0 and 0.0 are equal, so compare as numbers; their relative order does not matter.
        Assert.Equal(expected, values);
        for (var i = 1; i < values.Length; i++) Assert.True(values[i - 1] <= values[i]);
    }

    [Fact]
    public void Sorts_probabilities_with_six_decimals()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 100_000).Select(_ => Math.Round(random.NextDouble(), 6)).ToArray();
        var expected = values.Order().ToArray();

        RadixSort.Sort(values);

        Assert.Equal(expected, values);
    }
}

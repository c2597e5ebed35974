using System.Numerics;
using Arena.Scoring.Humans;

namespace Arena.Scoring.Tests.Humans;

public sealed class McNemarTests
{
    [Fact]
    public void The_issue_example_has_p_about_0_29()
    {
        // The issue: human-only-right 8, model-only-right 14 gives p ≈ 0.286.
        // Exactly 2 * (sum of C(22, k) for k <= 8) / 2^22 = 1200740 / 4194304 = 0.2862787...
        var p = McNemar.ExactPValue(14, 8);
        Assert.Equal(0.286, p, 0.001);
        Assert.Equal(1200740.0 / 4194304, p, 1e-14);
        Assert.Equal(ExactByBigIntegers(14, 8), p, 1e-14);
    }

    [Fact]
    public void The_test_is_symmetric_in_the_two_sides()
    {
        Assert.Equal(McNemar.ExactPValue(8, 14), McNemar.ExactPValue(14, 8));
    }

    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(7, 7, 1.0)]
    [InlineData(3, 4, 1.0)] // 2 * P(X <= 3 | n = 7) = 2 * 0.5
    [InlineData(0, 5, 0.0625)] // 2 * 2^-5
    [InlineData(1, 9, 0.021484375)] // 2 * 11 / 1024
    public void Small_cases_have_their_exact_values(int b, int c, double expected)
    {
        Assert.Equal(expected, McNemar.ExactPValue(b, c), 1e-14);
    }

    [Theory]
    [InlineData(3, 17)]
    [InlineData(40, 60)]
    [InlineData(480, 520)]
    [InlineData(49_700, 50_300)]
    public void Agrees_with_exact_integer_arithmetic_up_to_100000_pairs(int b, int c)
    {
        var expected = ExactByBigIntegers(b, c);
        Assert.Equal(expected, McNemar.ExactPValue(b, c), expected * 1e-9);
    }

    [Fact]
    public void An_overwhelming_difference_underflows_to_zero_not_to_nan()
    {
        Assert.Equal(0.0, McNemar.ExactPValue(0, 100_000));
    }

    [Fact]
    public void Compare_counts_the_discordant_items()
    {
        bool[] model = [true, true, false, false, true, true];
        bool[] human = [true, false, true, false, false, true];
        var result = McNemar.Compare(model, human);
        Assert.Equal((2, 1), (result.ModelOnlyRight, result.HumanOnlyRight));
        Assert.Equal(1.0, result.PValue);
        Assert.Throws<ArgumentException>(() => McNemar.Compare(model, [true]));
    }

    // 2 * sum over k up to min(b, c) of C(n, k) / 2^n with BigInteger coefficients: exact until the final logarithm.
    static double ExactByBigIntegers(int b, int c)
    {
        var n = b + c;
        var m = Math.Min(b, c);
        BigInteger choose = 1, tail = 1;
        for (var k = 1; k <= m; k++)
        {
            choose = choose * (n - k + 1) / k;
            tail += choose;
        }
        var p = Math.Exp(BigInteger.Log(tail) + Math.Log(2) - (n * Math.Log(2)));
        return Math.Min(1, p);
    }
}

using Arena.Scoring.Humans;

namespace Arena.Scoring.Tests.Humans;

public sealed class PracticeItemsTests
{
    static readonly string[] Ids = Enumerable.Range(0, 60).Select(i => $"id-{i:D3}").ToArray();

    [Fact]
    public void Practice_items_never_come_from_the_test_sample()
    {
        // The caller passes every id as "train"; the 50 test ids must still be left out, whatever the seed.
        var test = StratifiedSample.Draw(Ids.Select(id => new LabelledItem(id, "a")), seed: 1, size: 50).ItemIds;
        for (var seed = 0; seed < 50; seed++)
        {
            var practice = PracticeItems.Draw(Ids, test, seed);
            Assert.Equal(10, practice.Count);
            Assert.Empty(practice.Intersect(test));
            Assert.Equal(10, practice.Distinct().Count());
        }
        Assert.Equal(Ids.Except(test).Order(StringComparer.Ordinal), PracticeItems.Draw(Ids, test, seed: 1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_draw_depends_on_the_seed_but_not_on_the_input_order()
    {
        var first = PracticeItems.Draw(Ids, [], seed: 5, count: 20);
        Assert.Equal(20, first.Count);
        Assert.Equal(first, PracticeItems.Draw(Ids.Reverse(), [], seed: 5, count: 20));
        Assert.NotEqual(first, PracticeItems.Draw(Ids, [], seed: 6, count: 20));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(21)]
    public void The_count_must_lie_between_10_and_20(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PracticeItems.Draw(Ids, [], seed: 1, count));
    }

    [Fact]
    public void Too_few_training_ids_outside_the_sample_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PracticeItems.Draw(Ids.Take(15), Ids.Take(10), seed: 1));
    }
}

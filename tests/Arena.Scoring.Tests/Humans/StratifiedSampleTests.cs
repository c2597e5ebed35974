using Arena.Scoring.Humans;

namespace Arena.Scoring.Tests.Humans;

public sealed class StratifiedSampleTests
{
    static LabelledItem[] Items(params (string Label, int Count)[] classes) =>
        classes.SelectMany(c => Enumerable.Range(0, c.Count).Select(i => new LabelledItem($"{c.Label}-{i:D5}", c.Label))).ToArray();

    [Fact]
    public void Each_class_gets_its_proportional_share()
    {
        var items = Items(("a", 6000), ("b", 3000), ("c", 1000));
        var sample = StratifiedSample.Draw(items, seed: 1);
        Assert.Equal(400, sample.ItemIds.Count);
        Assert.Equal([240, 120, 40], CountPerClass(sample));
        Assert.Equal(sample.ItemIds.Order(StringComparer.Ordinal), sample.ItemIds);
        Assert.False(sample.Provisional);
    }

    [Fact]
    public void Remainders_go_to_the_largest_fractions()
    {
        // 100 of 3 equal classes: 33.33 each, so one class gets 34: the tie goes to the ordinally first label.
        Assert.Equal([34, 33, 33], StratifiedSample.Allocate([500, 500, 500], 100));
        // 51 of 100/150/250: 10.2, 15.3, 25.5 -> floors 10, 15, 25; the one spare goes to the largest fraction, 0.5.
        Assert.Equal([10, 15, 26], StratifiedSample.Allocate([100, 150, 250], 51));
        // 50 of 700/200/100 divides exactly.
        Assert.Equal([35, 10, 5], StratifiedSample.Allocate([700, 200, 100], 50));
        // 50 of 11/11/978: 0.55, 0.55, 48.9 -> floors 0, 0, 48; the two spares go to 0.9 and the first 0.55 (1, 0, 49),
        // then the class left empty takes one from the largest (1, 1, 48).
        Assert.Equal([1, 1, 48], StratifiedSample.Allocate([11, 11, 978], 50));
    }

    [Fact]
    public void A_rare_class_still_gets_one_item()
    {
        // 50 of 1 + 9999: the rare class's quota rounds to 0.005, so it takes one from the large class.
        Assert.Equal([1, 49], StratifiedSample.Allocate([1, 9999], 50));
        var sample = StratifiedSample.Draw(Items(("rare", 1), ("common", 9999)), seed: 4, size: 50);
        Assert.Contains("rare-00000", sample.ItemIds);
    }

    [Fact]
    public void The_sample_depends_on_the_seed_but_not_on_the_input_order()
    {
        var items = Items(("a", 700), ("b", 300));
        var first = StratifiedSample.Draw(items, seed: 9, size: 200);
        var reversed = StratifiedSample.Draw(items.Reverse(), seed: 9, size: 200);
        Assert.Equal(first.ItemIds, reversed.ItemIds);
        Assert.Equal(first.SplitHash, reversed.SplitHash);
        Assert.NotEqual(first.SplitHash, StratifiedSample.Draw(items, seed: 10, size: 200).SplitHash);
    }

    [Fact]
    public void Fewer_items_than_the_size_are_all_taken_and_provisional()
    {
        var sample = StratifiedSample.Draw(Items(("a", 120), ("b", 30)), seed: 1);
        Assert.Equal(150, sample.ItemIds.Count);
        Assert.True(sample.Provisional);
        Assert.False(StratifiedSample.Draw(Items(("a", 300)), seed: 1, size: 200).Provisional);
        Assert.True(StratifiedSample.Draw(Items(("a", 300)), seed: 1, size: 199).Provisional);
    }

    [Fact]
    public void A_size_below_50_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSample.Draw(Items(("a", 100)), seed: 1, size: 49));
        Assert.Equal(50, StratifiedSample.Draw(Items(("a", 100)), seed: 1, size: 50).ItemIds.Count);
    }

    [Fact]
    public void Duplicate_or_unhashable_ids_are_refused()
    {
        Assert.Throws<ArgumentException>(() => StratifiedSample.Draw([new("x", "a"), new("x", "b")], seed: 1));
        Assert.Throws<ArgumentException>(() => StratifiedSample.Draw([new("x\ny", "a")], seed: 1));
    }

    [Fact]
    public void The_split_hash_is_sha256_of_the_sorted_ids_joined_by_newlines()
    {
        // printf 'a\nb\nc' | sha256sum
        Assert.Equal("ea7fb08b7a2dc4619ffb7c7bb38d95a2047935fa165d71b12efd3852a2e6d0cc", StratifiedSample.SplitHash(["c", "a", "b"]));
        // printf 'item-001\nitem-002\nitem-010' | sha256sum
        Assert.Equal("eaf0f16833127b8e769c3db8080f40bdcb0a5121659ce59fb5e17b25d200d4b1",
            StratifiedSample.SplitHash(["item-010", "item-002", "item-001"]));
    }

    static int[] CountPerClass(StudySample sample) =>
        sample.ItemIds.GroupBy(id => id[0]).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
}

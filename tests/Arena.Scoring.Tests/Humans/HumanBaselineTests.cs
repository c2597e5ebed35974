using Arena.Scoring.Humans;

namespace Arena.Scoring.Tests.Humans;

public sealed class HumanBaselineTests
{
    /// <summary>
    /// Four items, three annotators, worked by hand. ann1: right on i1, i2, i4; ann2: right on i1, skips i2; ann3:
    /// right on i3, skips i2, not assigned i4. Times 1 s to 11 s in response order.
    /// </summary>
    static readonly HumanStudyItem[] Items = [new("i1", "A"), new("i2", "B"), new("i3", "A"), new("i4", "A")];

    static readonly HumanResponse[] Responses =
    [
        HumanResponse.Answer("i1", "ann1", "A", 1000, 0),
        HumanResponse.Answer("i1", "ann2", "A", 2000, 0),
        HumanResponse.Answer("i1", "ann3", "B", 3000, 0),
        HumanResponse.Answer("i2", "ann1", "B", 4000, 1),
        HumanResponse.Skip("i2", "ann2", "unsure", 5000, 1),
        HumanResponse.Skip("i2", "ann3", "expired", 6000, 1),
        HumanResponse.Answer("i3", "ann1", "B", 7000, 2),
        HumanResponse.Answer("i3", "ann2", "C", 8000, 2),
        HumanResponse.Answer("i3", "ann3", "A", 9000, 2),
        HumanResponse.Answer("i4", "ann1", "A", 10000, 3),
        HumanResponse.Answer("i4", "ann2", "C", 11000, 3),
    ];

    [Fact]
    public void Mean_of_individuals_averages_each_annotators_accuracy_with_skips_wrong()
    {
        var result = HumanBaseline.Compute(Items, Responses);

        Assert.Equal(HumanAggregation.MeanOfIndividuals, result.Aggregation);
        Assert.Equal((0.75 + 0.25 + (1 / 3.0)) / 3, result.Score, 1e-15);
        Assert.Equal(WilsonScore.ForProportion(result.Score, 4), result.Interval);
        Assert.Equal((4, 3), (result.ItemCount, result.AnnotatorCount));
        Assert.Equal(
            [new AnnotatorScore("ann1", 4, 4, 3), new AnnotatorScore("ann2", 4, 3, 1), new AnnotatorScore("ann3", 3, 2, 1)],
            result.Annotators);
        Assert.Equal(2 / 11.0, result.SkipRate, 1e-15);
        Assert.Equal(9 / 11.0, result.Coverage, 1e-15);
        Assert.Equal(6.0, result.MedianSecondsPerItem);
        Assert.Equal(1.0, result.OraclePanelScore);
        Assert.Null(result.FleissKappa); // the unskipped items have 3, 3 and 2 annotators
    }

    [Fact]
    public void Majority_breaks_ties_by_the_smallest_label_and_a_skip_never_votes_for_gold()
    {
        // i1: A, A, B -> A, right. i2: B, skip, skip -> skip, wrong. i3: B, C, A tie -> A (smallest), right.
        // i4: A, C tie -> A, right.
        var result = HumanBaseline.Compute(Items, Responses, HumanAggregation.MajorityOfK);
        Assert.Equal(0.75, result.Score);
        Assert.Equal(WilsonScore.Interval(3, 4), result.Interval);
        // The smallest label wins a tie even when the gold label is the other one.
        var lost = HumanBaseline.Compute([new("x", "B")],
            [HumanResponse.Answer("x", "p", "B", 1, 0), HumanResponse.Answer("x", "q", "A", 1, 0)], HumanAggregation.MajorityOfK);
        Assert.Equal(0.0, lost.Score);
    }

    [Fact]
    public void A_skip_tied_with_the_gold_label_makes_the_item_wrong()
    {
        var tie = HumanBaseline.Compute([new("x", "A")],
            [HumanResponse.Answer("x", "p", "A", 1, 0), HumanResponse.Skip("x", "q", "unsure", 1, 0)], HumanAggregation.MajorityOfK);
        var win = HumanBaseline.Compute([new("x", "A")],
            [HumanResponse.Answer("x", "p", "A", 1, 0), HumanResponse.Answer("x", "r", "A", 1, 0), HumanResponse.Skip("x", "q", "unsure", 1, 0)],
            HumanAggregation.MajorityOfK);
        Assert.Equal((0.0, 1.0), (tie.Score, win.Score));
    }

    [Fact]
    public void Best_individual_takes_the_best_annotators_own_count()
    {
        var result = HumanBaseline.Compute(Items, Responses, HumanAggregation.BestIndividual);
        Assert.Equal(0.75, result.Score);
        Assert.Equal(WilsonScore.Interval(3, 4), result.Interval);
    }

    [Fact]
    public void Five_annotators_at_85_percent_make_a_majority_of_0_973()
    {
        // The claim. P(at least 3 of 5 right) = 10 p^3 q^2 + 5 p^4 q + p^5 = 0.973388125 (exact in decimals).
        Assert.Equal(0.973388125, MajorityVote.BinaryAccuracy(5, 0.85), 1e-14);
        Assert.Equal(1 - Enumerable.Range(0, 3).Sum(k => Choose(5, k) * Math.Pow(0.85, k) * Math.Pow(0.15, 5 - k)),
            MajorityVote.BinaryAccuracy(5, 0.85), 1e-14);
        Assert.Equal(0.85, MajorityVote.BinaryAccuracy(1, 0.85));
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityVote.BinaryAccuracy(4, 0.85));

        var panel = SimulatedPanel(items: 5000, annotators: 5, accuracy: 0.85, seed: 42);
        Assert.Equal(0.973388125, HumanBaseline.Compute(panel, HumanAggregation.MajorityOfK).Score, 0.01);
        Assert.Equal(0.85, HumanBaseline.Compute(panel).Score, 0.01);
    }

    [Fact]
    public void Kappa_is_reported_when_every_item_has_the_same_annotators()
    {
        // Two raters right 85% of the time on two balanced classes agree with probability 0.85^2 + 0.15^2 = 0.745
        // against 0.5 by chance: kappa about (0.745 - 0.5) / 0.5 = 0.49.
        var result = HumanBaseline.Compute(SimulatedPanel(items: 5000, annotators: 5, accuracy: 0.85, seed: 7));
        Assert.NotNull(result.FleissKappa);
        Assert.Equal(0.49, result.FleissKappa.Value, 0.03);
        Assert.Null(HumanBaseline.Compute(SimulatedPanel(items: 100, annotators: 1, accuracy: 0.85, seed: 7)).FleissKappa);
    }

    [Fact]
    public void Recomputation_gives_identical_bits_whatever_the_response_order()
    {
        var panel = SimulatedPanel(items: 400, annotators: 3, accuracy: 0.8, seed: 3);
        var shuffled = panel.Responses.OrderBy(r => r.ElapsedMilliseconds).ThenByDescending(r => r.AnnotatorId, StringComparer.Ordinal).ToArray();
        var items = panel.ItemIds.Reverse().Select(id => new HumanStudyItem(id, Gold(panel, id))).ToArray();
        foreach (var aggregation in Enum.GetValues<HumanAggregation>())
        {
            var first = HumanBaseline.Compute(panel, aggregation);
            var again = HumanBaseline.Compute(items, shuffled, aggregation);
            Assert.Equal(first, again);
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.Score), BitConverter.DoubleToInt64Bits(again.Score));
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.Interval.Low), BitConverter.DoubleToInt64Bits(again.Interval.Low));
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.FleissKappa!.Value), BitConverter.DoubleToInt64Bits(again.FleissKappa!.Value));
        }
        Assert.NotEqual(HumanBaseline.Compute(panel), HumanBaseline.Compute(panel, HumanAggregation.MajorityOfK));
    }

    [Fact]
    public void A_malformed_study_is_refused()
    {
        HumanStudyItem[] one = [new("a", "x")];
        var ok = HumanResponse.Answer("a", "p", "x", 1, 0);
        Assert.Throws<ArgumentException>(() => HumanPanel.Create([new("a", "x"), new("a", "y")], [ok]));
        Assert.Throws<ArgumentException>(() => HumanPanel.Create(one, [ok, HumanResponse.Answer("b", "p", "x", 1, 0)]));
        Assert.Throws<ArgumentException>(() => HumanPanel.Create(one, [ok, ok with { ElapsedMilliseconds = 2 }]));
        Assert.Throws<ArgumentException>(() => HumanPanel.Create(one, [ok with { SkipReason = "both" }]));
        Assert.Throws<ArgumentException>(() => HumanPanel.Create(one, [ok with { ElapsedMilliseconds = -1 }]));
        var missing = Assert.Throws<ArgumentException>(() => HumanPanel.Create([new("a", "x"), new("b", "x")], [ok]));
        Assert.Contains("'b' has no response", missing.Message, StringComparison.Ordinal);
    }

    /// <summary>Two balanced classes; each annotator answers every item, right with probability <paramref name="accuracy"/>.</summary>
    internal static HumanPanel SimulatedPanel(int items, int annotators, double accuracy, int seed)
    {
        var random = new Random(seed);
        var study = Enumerable.Range(0, items).Select(i => new HumanStudyItem($"item-{i:D5}", random.Next(2) == 0 ? "cat" : "dog")).ToArray();
        var responses = study.SelectMany((item, position) => Enumerable.Range(0, annotators).Select(a =>
        {
            var right = random.NextDouble() < accuracy;
            var label = right ? item.GoldLabel : item.GoldLabel == "cat" ? "dog" : "cat";
            return HumanResponse.Answer(item.ItemId, $"ann{a}", label, random.Next(1000, 20_000), position);
        })).ToArray();
        return HumanPanel.Create(study, responses);
    }

    static string Gold(HumanPanel panel, string id) => panel.Labels[panel.PanelItems.Single(i => i.Id == id).Gold];

    static double Choose(int n, int k) => k == 0 ? 1 : Choose(n, k - 1) * (n - k + 1) / k;
}

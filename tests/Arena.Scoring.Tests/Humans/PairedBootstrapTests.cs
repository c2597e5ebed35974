using Arena.Scoring.Humans;

namespace Arena.Scoring.Tests.Humans;

public sealed class PairedBootstrapTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The issue's scenario, 200 items: both right 172, human only 8, model only 14, both wrong 6, so the human has
    /// 180 right and the model 186. Items are interleaved so that no block of the list is special.
    /// </summary>
    internal static (double[] Model, double[] Human) IssueScenario()
    {
        var kinds = Enumerable.Repeat((1.0, 1.0), 172).Concat(Enumerable.Repeat((0.0, 1.0), 8))
            .Concat(Enumerable.Repeat((1.0, 0.0), 14)).Concat(Enumerable.Repeat((0.0, 0.0), 6)).ToArray();
        var order = Enumerable.Range(0, 200).OrderBy(i => (i * 37) % 200).ToArray();
        return (order.Select(i => kinds[i].Item1).ToArray(), order.Select(i => kinds[i].Item2).ToArray());
    }

    [Fact]
    public void The_issue_scenario_gives_plus_3_points_with_an_interval_about_minus_1_5_to_7_5()
    {
        var (model, human) = IssueScenario();
        Assert.Equal((186.0, 180.0), (model.Sum(), human.Sum()));

        var difference = PairedBootstrap.Difference(model, human, seed: 8, cancellation: Ct);

        Assert.Equal(0.03, difference.Observed, 1e-15);
        Assert.Equal(-0.015, difference.Low, 0.005);
        Assert.Equal(0.075, difference.High, 0.005);
        Assert.Equal(PairedBootstrap.DefaultResamples, difference.Resamples);
        var test = McNemar.Compare(model.Select(v => v == 1).ToArray(), human.Select(v => v == 1).ToArray());
        Assert.Equal((14, 8), (test.ModelOnlyRight, test.HumanOnlyRight));
        Assert.Equal(0.29, test.PValue, 0.005);
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval_and_another_seed_another()
    {
        var (model, human) = IssueScenario();
        var first = PairedBootstrap.Difference(model, human, seed: 1, cancellation: Ct);
        Assert.Equal(first, PairedBootstrap.Difference(model, human, seed: 1, cancellation: Ct));
        Assert.NotEqual(first, PairedBootstrap.Difference(model, human, seed: 2, cancellation: Ct));
    }

    [Fact]
    public void A_one_annotator_panel_resamples_exactly_like_aligned_scores()
    {
        var (model, human) = IssueScenario();
        var ids = Enumerable.Range(0, 200).Select(i => $"item-{i:D3}").ToArray();
        var items = ids.Select(id => new HumanStudyItem(id, "yes")).ToArray();
        var responses = ids.Select((id, i) => HumanResponse.Answer(id, "ann", human[i] == 1 ? "yes" : "no", 1000, i)).ToArray();
        var panel = HumanPanel.Create(items, responses);
        var scores = ids.Select((id, i) => (id, model[i])).ToDictionary(p => p.id, p => p.Item2);

        var fromPanel = PairedBootstrap.Difference(scores, panel, HumanAggregation.MeanOfIndividuals, seed: 5, cancellation: Ct);

        Assert.Equal(PairedBootstrap.Difference(model, human, seed: 5, cancellation: Ct), fromPanel);
    }

    [Fact]
    public void Drawing_annotators_within_items_widens_the_interval()
    {
        // Three annotators who disagree on every item: the human score depends on which of them are drawn, so the
        // two-level interval must be wider than the one that keeps each item's annotators fixed (the model is a constant).
        var ids = Enumerable.Range(0, 100).Select(i => $"i{i:D3}").ToArray();
        var items = ids.Select(id => new HumanStudyItem(id, "a")).ToArray();
        var responses = ids.SelectMany((id, i) => new[]
        {
            HumanResponse.Answer(id, "x", "a", 1000, i),
            HumanResponse.Answer(id, "y", i % 2 == 0 ? "a" : "b", 1000, i),
            HumanResponse.Answer(id, "z", "b", 1000, i),
        }).ToArray();
        var panel = HumanPanel.Create(items, responses);
        var model = ids.ToDictionary(id => id, _ => 1.0);

        var twoLevel = PairedBootstrap.Difference(model, panel, HumanAggregation.MeanOfIndividuals, seed: 3, cancellation: Ct);
        var perItem = ids.Select((_, i) => i % 2 == 0 ? 2 / 3.0 : 1 / 3.0).ToArray();
        var itemsOnly = PairedBootstrap.Difference(Enumerable.Repeat(1.0, 100).ToArray(), perItem, seed: 3, cancellation: Ct);

        Assert.Equal(0.5, twoLevel.Observed, 1e-15);
        Assert.Equal(itemsOnly.Observed, twoLevel.Observed, 1e-15);
        Assert.True(twoLevel.High - twoLevel.Low > 1.5 * (itemsOnly.High - itemsOnly.Low),
            $"two-level [{twoLevel.Low}, {twoLevel.High}], items only [{itemsOnly.Low}, {itemsOnly.High}]");
        Assert.InRange(twoLevel.Observed, twoLevel.Low, twoLevel.High);
    }

    [Fact]
    public void Every_aggregation_resamples_deterministically_around_its_own_estimate()
    {
        var panel = HumanBaselineTests.SimulatedPanel(items: 300, annotators: 5, accuracy: 0.85, seed: 11);
        var model = panel.ItemIds.Select((id, i) => (id, i % 10 == 0 ? 0.0 : 1.0)).ToDictionary(p => p.id, p => p.Item2);
        foreach (var aggregation in Enum.GetValues<HumanAggregation>())
        {
            var first = PairedBootstrap.Difference(model, panel, aggregation, seed: 4, resamples: 2000, cancellation: Ct);
            Assert.Equal(first, PairedBootstrap.Difference(model, panel, aggregation, seed: 4, resamples: 2000, cancellation: Ct));
            var human = HumanBaseline.Compute(panel, aggregation).Score;
            Assert.Equal(0.9 - human, first.Observed, 1e-12);
            Assert.InRange(first.Observed, first.Low, first.High);
        }
    }

    [Fact]
    public void Misaligned_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Difference([1.0, 0.0], [1.0], seed: 1, cancellation: Ct));
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Difference([double.NaN], [1.0], seed: 1, cancellation: Ct));
        var panel = HumanPanel.Create([new HumanStudyItem("a", "x")], [HumanResponse.Answer("a", "p", "x", 5, 0)]);
        var wrongIds = new Dictionary<string, double> { ["b"] = 1 };
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Difference(wrongIds, panel, HumanAggregation.MajorityOfK, seed: 1, cancellation: Ct));
    }
}

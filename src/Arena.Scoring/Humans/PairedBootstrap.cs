namespace Arena.Scoring.Humans;

/// <summary>
/// The model's score minus the human's, observed on the study items, with a percentile bootstrap interval. Fractions:
/// +0.03 is three points in the model's favour.
/// </summary>
public sealed record DifferenceInterval(double Observed, double Low, double High, double Confidence, int Resamples);

/// <summary>
/// A paired bootstrap of model minus human on the same items. Pairing matters: an item that is hard for both moves
/// both scores together, so resampling items jointly gives a much narrower (and correct) interval than two separate
/// intervals would. Deterministic for a seed whatever the thread count: each resample's generator is seeded from one
/// sequence drawn up front, as in <see cref="Bootstrap"/>.
/// </summary>
public static class PairedBootstrap
{
    public const int DefaultResamples = 10_000;

    /// <summary>One human per item: per-item scores (1/0 correctness, or any per-item score) aligned by item.</summary>
    public static DifferenceInterval Difference(IReadOnlyList<double> model, IReadOnlyList<double> human, int seed,
        int resamples = DefaultResamples, double confidence = 0.95, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(human);
        if (model.Count != human.Count)
            throw new ArgumentException($"the model has {model.Count} items and the human {human.Count}; they must be aligned by item", nameof(human));
        if (model.Count == 0) throw new ArgumentException("there are no items", nameof(model));
        if (model.Any(v => !double.IsFinite(v)) || human.Any(v => !double.IsFinite(v)))
            throw new ArgumentException("every per-item score must be finite", nameof(model));
        var n = model.Count;

        var observed = Mean(model) - Mean(human);
        var differences = Resample(seed, resamples, confidence, cancellation, () => 0, (random, _) =>
        {
            double modelSum = 0, humanSum = 0;
            for (var i = 0; i < n; i++)
            {
                var drawn = random.NextBelow(n);
                modelSum += model[drawn];
                humanSum += human[drawn];
            }
            return (modelSum / n) - (humanSum / n);
        });
        return Summarise(observed, differences, confidence);
    }

    /// <summary>
    /// Several annotators per item. For <see cref="HumanAggregation.MeanOfIndividuals"/> a two-level bootstrap: each
    /// resample draws items with replacement and, within each drawn item, draws that item's annotators with
    /// replacement; the human's per-item score is the share of the drawn annotators who are right, averaged over the
    /// drawn items, so the interval carries the spread between annotators too. The other rules resample items only,
    /// each item keeping its own annotators: a majority is not linear, and k draws with replacement from k people hold
    /// about two thirds of them, which lowers a majority's accuracy (five annotators at 85% fall from 0.973 to about
    /// 0.915), so a two-level interval would sit below the observed majority; and
    /// <see cref="HumanAggregation.BestIndividual"/> follows named people, the best being chosen afresh in every resample.
    /// <see cref="DifferenceInterval.Observed"/> is the resampled statistic on the study as it stands; for the mean of
    /// individuals it equals <see cref="HumanBaseline"/>'s score when every item has the same number of annotators and
    /// every annotator the same number of items. <paramref name="model"/> holds the model's per-item score for exactly
    /// the panel's items.
    /// </summary>
    public static DifferenceInterval Difference(IReadOnlyDictionary<string, double> model, HumanPanel panel,
        HumanAggregation aggregation, int seed, int resamples = DefaultResamples, double confidence = 0.95,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(panel);
        var items = panel.PanelItems;
        var modelScores = Align(model, items);
        var n = items.Length;
        var annotators = panel.AnnotatorIds.Count;
        var labels = panel.Labels.Count;
        var widest = items.Max(i => i.Votes.Length);

        var all = new PanelTally(annotators, labels);
        foreach (var item in items) all.Add(item, item.Votes);
        var observed = Mean(modelScores) - Statistic(all, aggregation);

        var differences = Resample(seed, resamples, confidence, cancellation,
            () => (Tally: new PanelTally(annotators, labels), Drawn: new HumanPanel.Vote[widest]), (random, state) =>
            {
                state.Tally.Reset();
                double modelSum = 0;
                for (var i = 0; i < n; i++)
                {
                    var index = random.NextBelow(n);
                    var item = items[index];
                    modelSum += modelScores[index];
                    var votes = item.Votes;
                    // Annotators are drawn only for the mean of individuals (see above), and never a lone one, so a
                    // one-annotator panel resamples exactly like the overload above.
                    if (votes.Length == 1 || aggregation != HumanAggregation.MeanOfIndividuals)
                    {
                        state.Tally.Add(item, votes);
                        continue;
                    }
                    for (var j = 0; j < votes.Length; j++) state.Drawn[j] = votes[random.NextBelow(votes.Length)];
                    state.Tally.Add(item, state.Drawn.AsSpan(0, votes.Length));
                }
                return (modelSum / n) - Statistic(state.Tally, aggregation);
            });
        return Summarise(observed, differences, confidence);
    }

    static double Statistic(PanelTally tally, HumanAggregation aggregation) =>
        aggregation == HumanAggregation.MeanOfIndividuals ? tally.MeanOverItems : tally.Score(aggregation);

    static double[] Resample<TState>(int seed, int resamples, double confidence, CancellationToken cancellation,
        Func<TState> newState, Func<SplitMix64, TState, double> difference)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "the confidence must lie strictly between 0 and 1");
        var seeds = new SplitMix64(seed);
        var resampleSeeds = Enumerable.Range(0, resamples).Select(_ => seeds.Next()).ToArray();
        var differences = new double[resamples];
        var options = new ParallelOptions { CancellationToken = cancellation };
        Parallel.For(0, resamples, options, newState, (b, _, state) =>
        {
            differences[b] = difference(new SplitMix64(resampleSeeds[b]), state);
            return state;
        }, _ => { });
        return differences;
    }

    static DifferenceInterval Summarise(double observed, double[] differences, double confidence)
    {
        Array.Sort(differences);
        var tail = (1 - confidence) / 2;
        return new DifferenceInterval(observed, Bootstrap.Quantile(differences, tail), Bootstrap.Quantile(differences, 1 - tail),
            confidence, differences.Length);
    }

    // A plain loop in item order: LINQ's Sum may change its summation order between runtimes.
    static double Mean(IReadOnlyList<double> values)
    {
        double sum = 0;
        for (var i = 0; i < values.Count; i++) sum += values[i];
        return sum / values.Count;
    }

    static double[] Align(IReadOnlyDictionary<string, double> model, HumanPanel.Item[] items)
    {
        if (model.Count != items.Length)
            throw new ArgumentException($"the model has scores for {model.Count} items and the study has {items.Length}; they must match", nameof(model));
        return Array.ConvertAll(items, item => model.TryGetValue(item.Id, out var score) && double.IsFinite(score)
            ? score
            : throw new ArgumentException($"the model has no finite score for item '{item.Id}'", nameof(model)));
    }
}

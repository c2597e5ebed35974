namespace Arena.Scoring.Humans;

/// <summary>Turns a study's responses into its human baseline. Pure and deterministic: the same study gives the same bits.</summary>
public static class HumanBaseline
{
    public static HumanBaselineResult Compute(IEnumerable<HumanStudyItem> items, IEnumerable<HumanResponse> responses,
        HumanAggregation aggregation = HumanAggregation.MeanOfIndividuals, double confidence = 0.95) =>
        Compute(HumanPanel.Create(items, responses), aggregation, confidence);

    public static HumanBaselineResult Compute(HumanPanel panel, HumanAggregation aggregation = HumanAggregation.MeanOfIndividuals,
        double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var tally = new PanelTally(panel.AnnotatorIds.Count, panel.Labels.Count);
        foreach (var item in panel.PanelItems) tally.Add(item, item.Votes);

        var annotators = panel.AnnotatorIds
            .Select((id, a) => new AnnotatorScore(id, tally.Assigned(a), tally.Answered(a), tally.Correct(a))).ToArray();
        var score = tally.Score(aggregation);
        var items = panel.PanelItems.Length;
        var interval = aggregation switch
        {
            HumanAggregation.MajorityOfK => WilsonScore.Interval(tally.MajorityRight, items, confidence),
            HumanAggregation.BestIndividual => BestInterval(annotators, confidence),
            // A mean of accuracies is not a count; the items are the independent units behind it.
            _ => WilsonScore.ForProportion(score, items, confidence),
        };

        var assigned = panel.Responses.Count;
        var answered = annotators.Sum(a => a.Answered);
        return new HumanBaselineResult(aggregation, score, interval, items, annotators.Length, annotators, Kappa(panel),
            MedianSeconds(panel.Responses), (double)(assigned - answered) / assigned, (double)answered / assigned, tally.OraclePanel);
    }

    /// <summary>The best annotator's own count: ties go to more items assigned, then to the ordinally first id.</summary>
    static ProportionInterval BestInterval(AnnotatorScore[] annotators, double confidence)
    {
        var best = annotators.OrderByDescending(a => a.Accuracy).ThenByDescending(a => a.Assigned)
            .ThenBy(a => a.AnnotatorId, StringComparer.Ordinal).First();
        return WilsonScore.Interval(best.Correct, best.Assigned, confidence);
    }

    /// <summary>
    /// Fleiss' formula has no place for a missing rating, so items with a skip are left out (the skip rate is reported
    /// beside it), and kappa is given only when the remaining items share one rater count of at least two.
    /// </summary>
    static double? Kappa(HumanPanel panel)
    {
        var complete = panel.PanelItems.Where(i => i.Votes.All(v => v.Label >= 0)).ToArray();
        if (complete.Length == 0) return null;
        var raters = complete[0].Votes.Length;
        if (raters < 2 || complete.Any(i => i.Votes.Length != raters)) return null;
        var counts = complete.Select(i =>
        {
            var row = new int[panel.Labels.Count];
            foreach (var vote in i.Votes) row[vote.Label]++;
            return (IReadOnlyList<int>)row;
        }).ToArray();
        var kappa = FleissKappa.Compute(counts);
        return double.IsNaN(kappa) ? null : kappa;
    }

    /// <summary>Over every response, skips included: a skip is time an annotator spent on the item too.</summary>
    static double MedianSeconds(IReadOnlyList<HumanResponse> responses)
    {
        var sorted = responses.Select(r => r.ElapsedMilliseconds).Order().ToArray();
        var middle = sorted.Length / 2;
        double milliseconds = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + (double)sorted[middle]) / 2;
        return milliseconds / 1000;
    }
}

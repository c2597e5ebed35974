namespace Arena.Scoring.Humans;

/// <summary>Views of a study panel for comparisons on part of its items.</summary>
public static class HumanPanels
{
    /// <summary>
    /// The panel on the items of <paramref name="itemIds"/> that it holds, with their responses, or null when it holds
    /// none of them; figures computed on it are those of a study run on exactly those items.
    /// </summary>
    public static HumanPanel? Restrict(this HumanPanel panel, IEnumerable<string> itemIds)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(itemIds);
        var wanted = itemIds.ToHashSet(StringComparer.Ordinal);
        var items = panel.PanelItems.Where(i => wanted.Contains(i.Id)).Select(i => new HumanStudyItem(i.Id, panel.Labels[i.Gold])).ToList();
        if (items.Count == 0) return null;
        var kept = items.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
        return HumanPanel.Create(items, panel.Responses.Where(r => kept.Contains(r.ItemId)));
    }

    /// <summary>
    /// The human side's right or wrong per item (in <see cref="HumanPanel.ItemIds"/> order) when the aggregation gives
    /// one: the majority of a majority study, or the lone response where every item has one annotator. Null otherwise
    /// (several annotators averaged, or the best individual), where the exact McNemar test has no pairs to count.
    /// </summary>
    public static IReadOnlyList<bool>? ItemCorrect(this HumanPanel panel, HumanAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (aggregation == HumanAggregation.MajorityOfK)
        {
            var tally = new PanelTally(panel.AnnotatorIds.Count, panel.Labels.Count);
            return Array.ConvertAll(panel.PanelItems, item =>
            {
                tally.Reset();
                tally.Add(item, item.Votes);
                return tally.MajorityRight == 1;
            });
        }
        return panel.PanelItems.All(i => i.Votes.Length == 1) ? Array.ConvertAll(panel.PanelItems, i => i.Votes[0].Correct) : null;
    }
}

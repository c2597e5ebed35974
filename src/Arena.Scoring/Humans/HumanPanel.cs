namespace Arena.Scoring.Humans;

/// <summary>
/// A validated, canonically ordered study: items, annotators and labels sorted ordinally, so every figure computed from
/// it is the same whatever order the responses arrived in.
/// </summary>
public sealed class HumanPanel
{
    /// <summary>One response inside the panel. <see cref="Label"/> indexes <see cref="Labels"/>; -1 is a skip.</summary>
    internal readonly record struct Vote(int Annotator, int Label, bool Correct);

    internal sealed record Item(string Id, int Gold, Vote[] Votes);

    HumanPanel(Item[] items, string[] annotators, string[] labels, HumanResponse[] responses)
    {
        PanelItems = items;
        ItemIds = Array.ConvertAll(items, i => i.Id);
        AnnotatorIds = annotators;
        Labels = labels;
        Responses = responses;
    }

    public IReadOnlyList<string> ItemIds { get; }
    public IReadOnlyList<string> AnnotatorIds { get; }

    /// <summary>Every gold and answered label, in ordinal order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The responses, ordered by item then annotator.</summary>
    public IReadOnlyList<HumanResponse> Responses { get; }

    internal Item[] PanelItems { get; }

    /// <summary>
    /// Checks the study: unique item ids, one response at most per item and annotator, responses only to study items,
    /// a label or a skip reason (not both), no negative time, and at least one response for every item.
    /// </summary>
    public static HumanPanel Create(IEnumerable<HumanStudyItem> items, IEnumerable<HumanResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(responses);
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (string.IsNullOrEmpty(item.ItemId) || item.GoldLabel is null)
                throw new ArgumentException("every study item needs an id and a gold label", nameof(items));
            if (!gold.TryAdd(item.ItemId, item.GoldLabel))
                throw new ArgumentException($"item '{item.ItemId}' appears twice in the study", nameof(items));
        }
        if (gold.Count == 0) throw new ArgumentException("the study has no items", nameof(items));

        var sorted = responses.ToArray();
        foreach (var r in sorted) Check(r, gold);
        Array.Sort(sorted, (a, b) => a.ItemId != b.ItemId
            ? string.CompareOrdinal(a.ItemId, b.ItemId)
            : string.CompareOrdinal(a.AnnotatorId, b.AnnotatorId));
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i].ItemId == sorted[i - 1].ItemId && sorted[i].AnnotatorId == sorted[i - 1].AnnotatorId)
                throw new ArgumentException($"annotator '{sorted[i].AnnotatorId}' answered item '{sorted[i].ItemId}' twice", nameof(responses));

        var annotators = sorted.Select(r => r.AnnotatorId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var labels = gold.Values.Concat(sorted.Where(r => !r.IsSkip).Select(r => r.Label!))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var annotatorIndex = Index(annotators);
        var labelIndex = Index(labels);
        var byItem = sorted.ToLookup(r => r.ItemId, StringComparer.Ordinal);

        var panelItems = gold.Keys.Order(StringComparer.Ordinal).Select(id =>
        {
            var goldLabel = labelIndex[gold[id]];
            var votes = byItem[id].Select(r =>
            {
                var label = r.IsSkip ? -1 : labelIndex[r.Label!];
                return new Vote(annotatorIndex[r.AnnotatorId], label, label == goldLabel);
            }).ToArray();
            if (votes.Length == 0)
                throw new ArgumentException($"item '{id}' has no response; record an unfinished assignment as a skip", nameof(responses));
            return new Item(id, goldLabel, votes);
        }).ToArray();
        return new HumanPanel(panelItems, annotators, labels, sorted);
    }

    static void Check(HumanResponse r, Dictionary<string, string> gold)
    {
        if (r is null) throw new ArgumentException("a response is null", "responses");
        if (!gold.ContainsKey(r.ItemId ?? ""))
            throw new ArgumentException($"a response names item '{r.ItemId}', which is not in the study", "responses");
        if (string.IsNullOrEmpty(r.AnnotatorId))
            throw new ArgumentException($"a response to item '{r.ItemId}' has no annotator id", "responses");
        if ((r.Label is null) == (r.SkipReason is null))
            throw new ArgumentException($"the response of '{r.AnnotatorId}' to item '{r.ItemId}' must have either a label or a skip reason", "responses");
        if (r.ElapsedMilliseconds < 0)
            throw new ArgumentException($"the response of '{r.AnnotatorId}' to item '{r.ItemId}' has a negative time", "responses");
    }

    static Dictionary<string, int> Index(string[] values)
    {
        var index = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++) index[values[i]] = i;
        return index;
    }
}

namespace Arena.Scoring.Humans;

/// <summary>
/// Adds up a panel's responses, item by item, into every aggregation at once. The point estimate adds each item's
/// responses once; a bootstrap resample adds its drawn items with their drawn annotators. Reusable across resamples
/// (<see cref="Reset"/>) to avoid allocating per resample.
/// </summary>
internal sealed class PanelTally(int annotators, int labels)
{
    readonly int[] _assigned = new int[annotators];
    readonly int[] _answered = new int[annotators];
    readonly int[] _correct = new int[annotators];
    readonly int[] _votes = new int[labels + 1];
    int _items;
    int _majorityRight;
    int _oracleRight;
    double _itemMeans;

    public int Items => _items;
    public int MajorityRight => _majorityRight;
    public int OracleRight => _oracleRight;
    public int Assigned(int annotator) => _assigned[annotator];
    public int Answered(int annotator) => _answered[annotator];
    public int Correct(int annotator) => _correct[annotator];

    public void Reset()
    {
        Array.Clear(_assigned);
        Array.Clear(_answered);
        Array.Clear(_correct);
        _items = _majorityRight = _oracleRight = 0;
        _itemMeans = 0;
    }

    public void Add(HumanPanel.Item item, ReadOnlySpan<HumanPanel.Vote> votes)
    {
        _items++;
        var right = 0;
        foreach (var vote in votes)
        {
            _assigned[vote.Annotator]++;
            if (vote.Label >= 0) _answered[vote.Annotator]++;
            if (vote.Correct)
            {
                _correct[vote.Annotator]++;
                right++;
            }
            _votes[vote.Label + 1]++;
        }
        if (right > 0) _oracleRight++;
        _itemMeans += (double)right / votes.Length;

        // The most frequent response wins. Ties go to the smallest slot: slot 0 is "skip", then labels in ordinal
        // order, so a tie is broken by the smallest label ordinal, and a skip tied with the gold label makes the item
        // wrong (a skip is never a vote for the gold label).
        var winner = 0;
        foreach (var vote in votes)
        {
            var slot = vote.Label + 1;
            if (_votes[slot] > _votes[winner] || (_votes[slot] == _votes[winner] && slot < winner)) winner = slot;
        }
        if (winner == item.Gold + 1) _majorityRight++;
        foreach (var vote in votes) _votes[vote.Label + 1] = 0;
    }

    /// <summary>An annotator's accuracy over their assigned responses; NaN when none was drawn.</summary>
    public double Accuracy(int annotator) => _assigned[annotator] == 0 ? double.NaN : (double)_correct[annotator] / _assigned[annotator];

    public double Score(HumanAggregation aggregation) => aggregation switch
    {
        HumanAggregation.MeanOfIndividuals => MeanOfIndividuals(),
        HumanAggregation.MajorityOfK => (double)_majorityRight / _items,
        HumanAggregation.BestIndividual => BestIndividual(),
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "unknown aggregation"),
    };

    public double OraclePanel => (double)_oracleRight / _items;

    /// <summary>
    /// The mean over items of each item's share of right responses: the bootstrap's mean-of-individuals statistic, as
    /// a per-item score lets annotators be drawn within items. It equals <see cref="HumanAggregation.MeanOfIndividuals"/>
    /// when every item has k annotators and every annotator the same number of items.
    /// </summary>
    public double MeanOverItems => _itemMeans / _items;

    // Annotators that a resample did not draw at all are left out rather than counted as zero.
    double MeanOfIndividuals()
    {
        double sum = 0;
        var counted = 0;
        for (var a = 0; a < _assigned.Length; a++)
        {
            if (_assigned[a] == 0) continue;
            sum += Accuracy(a);
            counted++;
        }
        return sum / counted;
    }

    double BestIndividual()
    {
        var best = double.NegativeInfinity;
        for (var a = 0; a < _assigned.Length; a++)
            if (_assigned[a] > 0) best = Math.Max(best, Accuracy(a));
        return best;
    }
}

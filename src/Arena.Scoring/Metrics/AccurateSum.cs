namespace Arena.Scoring.Metrics;

/// <summary>
/// Neumaier-compensated sum. numpy sums pairwise, so a naive loop over millions of terms drifts from scikit-learn's
/// value; a compensated sum stays within a few ulps of the exact one, and so of numpy's.
/// </summary>
internal struct AccurateSum
{
    double _sum;
    double _compensation;

    public void Add(double value)
    {
        var t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
        _sum = t;
    }

    public readonly double Value => _sum + _compensation;
}

namespace Arena.Scoring.Reading;

/// <summary>
/// Collects a solution's ids as integers while every id is a canonical integer, and switches to text at the first
/// one that is not; either way the resulting index compares ids exactly as text.
/// </summary>
internal sealed class IdCollector
{
    ArrayBuilder<long> _integers = new(1024);
    TextIdIndex? _text;
    string? _earlierDuplicate;

    public bool Add(long id)
    {
        if (_text is not null) return _text.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _integers.Add(id);
        return true;
    }

    /// <summary>False when the id was already added (only detected here in text mode; integer repeats surface in <see cref="Build"/>).</summary>
    public bool Add(ReadOnlySpan<char> id)
    {
        if (_text is null)
        {
            if (IdIndex.TryParseCanonical(id, out var value))
            {
                _integers.Add(value);
                return true;
            }
            _text = new TextIdIndex();
            var integers = _integers.ToArray();
            _integers = default;
            foreach (var earlier in integers)
            {
                var text = earlier.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!_text.Add(text)) _earlierDuplicate ??= text;
            }
        }
        return _text.Add(id);
    }

    /// <summary>The index, and the first id that occurs twice (or null).</summary>
    public IdIndex Build(out string? duplicate)
    {
        duplicate = _earlierDuplicate;
        if (_text is not null) return _text;
        var index = IntegerIdIndex.Build(_integers.Count == 0 ? [] : _integers.ToArray(), out var duplicateRow);
        if (duplicateRow >= 0) duplicate = index.IdAt(duplicateRow);
        return index;
    }
}

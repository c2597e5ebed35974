namespace Arena.Scoring.Reading;

/// <summary>
/// Collects a solution's ids as integers while every id is a canonical integer, and as text from the first one that
/// is not; either way the resulting index compares ids exactly as text. Text ids are indexed once they are all
/// known, so the table is sized once instead of doubling and rehashing millions of entries.
/// </summary>
internal sealed class IdCollector
{
    readonly record struct TextId(ulong Packed, string? Text);

    ArrayBuilder<long> _integers = new(1024);
    ArrayBuilder<TextId> _texts;
    bool _isText;

    public bool Add(long id)
    {
        if (_isText) _texts.Add(new TextId(0, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        else _integers.Add(id);
        return true;
    }

    /// <summary>Adds a text id packed by <see cref="TextIdIndex.TryPack"/>.</summary>
    public bool AddPacked(ulong key)
    {
        SwitchToText();
        _texts.Add(new TextId(key, null));
        return true;
    }

    public bool Add(ReadOnlySpan<char> id)
    {
        if (!_isText && IdIndex.TryParseCanonical(id, out var value))
        {
            _integers.Add(value);
            return true;
        }
        SwitchToText();
        _texts.Add(TextIdIndex.TryPack(id, out var packed) ? new TextId(packed, null) : new TextId(0, id.ToString()));
        return true;
    }

    /// <summary>At the first id that is not a canonical integer, the integers so far become text ids.</summary>
    void SwitchToText()
    {
        if (_isText) return;
        _isText = true;
        var integers = _integers.ToArray();
        _integers = default;
        _texts = new ArrayBuilder<TextId>(Math.Max(1024, integers.Length * 2));
        foreach (var earlier in integers) _texts.Add(new TextId(0, earlier.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The index, and the first id that occurs twice (or null).</summary>
    public IdIndex Build(out string? duplicate)
    {
        duplicate = null;
        if (!_isText)
        {
            var index = IntegerIdIndex.Build(_integers.Count == 0 ? [] : _integers.ToArray(), out var duplicateRow);
            if (duplicateRow >= 0) duplicate = index.IdAt(duplicateRow);
            return index;
        }
        var texts = _texts.ToArray();
        var text = new TextIdIndex(texts.Length);
        foreach (var id in texts)
        {
            var added = id.Text is null ? text.AddPacked(id.Packed) : text.Add(id.Text);
            // A repeated id is not added, which would shift every later row, so stop: the solution is refused anyway.
            if (!added)
            {
                duplicate = id.Text ?? TextIdIndex.Unpack(id.Packed);
                break;
            }
        }
        return text;
    }
}

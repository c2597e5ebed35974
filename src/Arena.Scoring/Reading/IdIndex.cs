namespace Arena.Scoring.Reading;

/// <summary>
/// Maps a submitted id to its solution row. Ids compare as text; an all-integer id column is only stored more compactly,
/// so "007" never matches "7" in either form.
/// </summary>
public abstract class IdIndex
{
    public abstract int Count { get; }

    /// <summary>The solution row of <paramref name="id"/>, or -1 when the solution has no such id.</summary>
    public abstract int Find(ReadOnlySpan<char> id);

    public abstract string IdAt(int row);

    /// <summary>True for the text of a long written the one canonical way (no sign on zero, no leading zeros or plus).</summary>
    internal static bool TryParseCanonical(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var negative = text.Length > 0 && text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 18) return false;
        if (digits[0] == '0' && (digits.Length > 1 || negative)) return false;
        long v = 0;
        foreach (var c in digits)
        {
            var d = (uint)(c - '0');
            if (d > 9) return false;
            v = (v * 10) + d;
        }
        value = negative ? -v : v;
        return true;
    }
}

/// <summary>Integer ids: a dense array when the ids are nearly contiguous, otherwise a hash map.</summary>
sealed class IntegerIdIndex : IdIndex
{
    readonly long[] _ids;
    readonly int[]? _dense;
    readonly long _min;
    readonly Dictionary<long, int>? _map;

    /// <summary>Ids that run min, min+1, min+2, ... in solution order (common for test sets) need no table: row = id - min.</summary>
    readonly bool _consecutive;

    IntegerIdIndex(long[] ids, int[]? dense, long min, Dictionary<long, int>? map, bool consecutive = false)
    {
        Count = ids.Length;
        // Consecutive ids are fully described by min and Count, so the id array is let go.
        (_ids, _dense, _min, _map, _consecutive) = (consecutive ? [] : ids, dense, min, map, consecutive);
    }

    public override int Count { get; }

    public override string IdAt(int row) => (_consecutive ? _min + row : _ids[row]).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override int Find(ReadOnlySpan<char> id) => TryParseCanonical(id, out var value) ? Find(value) : -1;

    public int Find(long id)
    {
        if (_consecutive)
        {
            var offset = (ulong)(id - _min);
            return offset < (ulong)Count ? (int)offset : -1;
        }
        if (_dense is not null)
        {
            var offset = (ulong)(id - _min);
            return offset < (ulong)_dense.Length ? _dense[offset] - 1 : -1;
        }
        return _map!.TryGetValue(id, out var row) ? row : -1;
    }

    /// <summary>Builds the index, or returns the row of the first repeated id.</summary>
    public static IntegerIdIndex Build(long[] ids, out int duplicateRow)
    {
        duplicateRow = -1;
        if (ids.Length == 0) return new IntegerIdIndex(ids, [], 0, null);
        if (AreConsecutive(ids)) return new IntegerIdIndex(ids, null, ids[0], null, consecutive: true);
        long min = ids[0], max = ids[0];
        foreach (var id in ids)
        {
            if (id < min) min = id;
            if (id > max) max = id;
        }
        var range = (ulong)(max - min) + 1;
        // Dense when at most 4 slots per id: 4 bytes a slot beats a dictionary's ~28 bytes an entry.
        if (range <= (ulong)ids.Length * 4 + 1024 && range < int.MaxValue)
        {
            var dense = new int[range];
            for (var row = 0; row < ids.Length; row++)
            {
                ref var slot = ref dense[ids[row] - min];
                if (slot != 0 && duplicateRow < 0) duplicateRow = row;
                else slot = row + 1;
            }
            return new IntegerIdIndex(ids, dense, min, null);
        }
        var map = new Dictionary<long, int>(ids.Length);
        for (var row = 0; row < ids.Length; row++)
        {
            if (!map.TryAdd(ids[row], row) && duplicateRow < 0) duplicateRow = row;
        }
        return new IntegerIdIndex(ids, null, 0, map);
    }

    static bool AreConsecutive(long[] ids)
    {
        for (var row = 1; row < ids.Length; row++)
        {
            if (ids[row] != ids[row - 1] + 1) return false;
        }
        return true;
    }
}

/// <summary>
/// Text ids in one shared character buffer with an open-addressing table, so millions of ids cost no string objects
/// and a lookup allocates nothing.
/// </summary>
sealed class TextIdIndex : IdIndex
{
    char[] _chars = new char[1 << 16];
    int _charCount;
    int[] _starts = new int[1024];
    int[] _slots = new int[2048];
    int _count;

    public override int Count => _count;

    public override string IdAt(int row) => new(Span(row));

    ReadOnlySpan<char> Span(int row) => _chars.AsSpan(_starts[row], End(row) - _starts[row]);

    int End(int row) => row + 1 < _count ? _starts[row + 1] : _charCount;

    public override int Find(ReadOnlySpan<char> id)
    {
        var mask = _slots.Length - 1;
        for (var i = Hash(id) & mask; ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot == 0) return -1;
            if (Span(slot - 1).SequenceEqual(id)) return slot - 1;
        }
    }

    /// <summary>Adds the id as the next row; returns false (and adds nothing) when it is already present.</summary>
    public bool Add(ReadOnlySpan<char> id)
    {
        if (Find(id) >= 0) return false;
        if (_count + 1 > _slots.Length / 2) Grow();
        if (_count == _starts.Length) Array.Resize(ref _starts, _starts.Length * 2);
        if (_charCount + id.Length > _chars.Length)
        {
            var size = Math.Max((long)_chars.Length * 2, (long)_charCount + id.Length);
            if (size > Array.MaxLength) throw new InvalidOperationException("too many id characters for one file");
            Array.Resize(ref _chars, (int)size);
        }
        id.CopyTo(_chars.AsSpan(_charCount));
        _starts[_count] = _charCount;
        _charCount += id.Length;
        _count++;
        Insert(_count - 1);
        return true;
    }

    void Insert(int row)
    {
        var mask = _slots.Length - 1;
        var i = Hash(Span(row)) & mask;
        while (_slots[i] != 0) i = (i + 1) & mask;
        _slots[i] = row + 1;
    }

    void Grow()
    {
        _slots = new int[_slots.Length * 2];
        for (var row = 0; row < _count; row++) Insert(row);
    }

    static int Hash(ReadOnlySpan<char> id) => string.GetHashCode(id) & int.MaxValue;
}

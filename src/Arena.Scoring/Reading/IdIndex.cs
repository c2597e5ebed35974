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


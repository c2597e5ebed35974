using System.Numerics;

namespace Arena.Scoring.Reading;

/// <summary>
/// Text ids in an open-addressing table of 16-byte slots. An id of at most 8 ASCII characters (most competition ids)
/// is packed into the slot's key itself, so a lookup costs one memory access and no string; longer ids keep their
/// characters in one shared buffer and are compared after a hash match.
/// </summary>
sealed class TextIdIndex : IdIndex
{
    const ulong PackedFlag = 1UL << 63;
    const double MaxLoad = 0.7;

    record struct Slot(ulong Key, uint Hash, int RowPlusOne);

    Slot[] _slots;
    ulong[] _rowKeys;
    char[] _chars = new char[1024];
    int _charCount;
    int _count;

    /// <summary>Sized for <paramref name="capacity"/> ids up front, so building a large index never rehashes.</summary>
    public TextIdIndex(int capacity = 256)
    {
        _slots = new Slot[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, (int)(capacity / MaxLoad) + 1))];
        _rowKeys = new ulong[Math.Max(capacity, 16)];
    }

    public override int Count => _count;

    public override string IdAt(int row)
    {
        var key = _rowKeys[row];
        return (key & PackedFlag) == 0 ? new string(Chars(key)) : Unpack(key);
    }

    public override int Find(ReadOnlySpan<char> id)
    {
        var packed = TryPack(id, out var key);
        var hash = packed ? Mix(key) : (uint)string.GetHashCode(id);
        var mask = _slots.Length - 1;
        for (var i = (int)(hash & (uint)mask); ; i = (i + 1) & mask)
        {
            ref readonly var slot = ref _slots[i];
            if (slot.RowPlusOne == 0) return -1;
            if (slot.Hash != hash) continue;
            if (packed ? slot.Key == key : (slot.Key & PackedFlag) == 0 && Chars(slot.Key).SequenceEqual(id)) return slot.RowPlusOne - 1;
        }
    }

    /// <summary>Adds the id as the next row; returns false (and adds nothing) when it is already present.</summary>
    public bool Add(ReadOnlySpan<char> id)
    {
        if (TryPack(id, out var key)) return AddPacked(key);
        if (Find(id) >= 0) return false;
        Append(Store(id), (uint)string.GetHashCode(id));
        return true;
    }

    /// <summary>Adds an id already packed by <see cref="TryPack"/> (on a worker thread, with no string made).</summary>
    public bool AddPacked(ulong key)
    {
        var hash = Mix(key);
        var mask = _slots.Length - 1;
        for (var i = (int)(hash & (uint)mask); _slots[i].RowPlusOne != 0; i = (i + 1) & mask)
        {
            if (_slots[i].Key == key) return false;
        }
        Append(key, hash);
        return true;
    }

    void Append(ulong key, uint hash)
    {
        if (_count + 1 > _slots.Length * MaxLoad) Grow();
        if (_count == _rowKeys.Length) Array.Resize(ref _rowKeys, _rowKeys.Length * 2);
        _rowKeys[_count] = key;
        Insert(new Slot(key, hash, _count + 1));
        _count++;
    }

    void Insert(Slot slot)
    {
        var mask = _slots.Length - 1;
        var i = (int)(slot.Hash & (uint)mask);
        while (_slots[i].RowPlusOne != 0) i = (i + 1) & mask;
        _slots[i] = slot;
    }

    void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        foreach (var slot in old) if (slot.RowPlusOne != 0) Insert(slot);
    }

    /// <summary>Appends the characters to the shared buffer; the key holds their offset and length.</summary>
    ulong Store(ReadOnlySpan<char> id)
    {
        if (id.Length > ushort.MaxValue) throw new InvalidOperationException("an id longer than 65535 characters");
        if (_charCount + id.Length > _chars.Length)
        {
            var size = Math.Max((long)_chars.Length * 2, (long)_charCount + id.Length);
            if (size > Array.MaxLength) throw new InvalidOperationException("too many id characters for one file");
            Array.Resize(ref _chars, (int)size);
        }
        id.CopyTo(_chars.AsSpan(_charCount));
        var key = ((ulong)_charCount << 16) | (uint)id.Length;
        _charCount += id.Length;
        return key;
    }

    ReadOnlySpan<char> Chars(ulong key) => _chars.AsSpan((int)(key >> 16), (int)(key & 0xFFFF));

    /// <summary>The text of a packed key.</summary>
    public static string Unpack(ulong key)
    {
        var length = (int)((key >> 56) & 0xF);
        return string.Create(length, key, static (chars, k) =>
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = (char)((k >> (7 * i)) & 0x7F);
        });
    }

    /// <summary>Packs up to 8 ASCII characters, 7 bits each, with the length in bits 56-59 and the flag in bit 63.</summary>
    public static bool TryPack(ReadOnlySpan<char> id, out ulong key)
    {
        key = 0;
        if (id.Length > 8) return false;
        for (var i = 0; i < id.Length; i++)
        {
            if (id[i] > 0x7F) return false;
            key |= (ulong)id[i] << (7 * i);
        }
        key |= PackedFlag | ((ulong)id.Length << 56);
        return true;
    }

    /// <summary>A cheap, well-spread hash of a packed key (a multiply and a rotate).</summary>
    static uint Mix(ulong key) => (uint)BitOperations.RotateLeft(key * 0x9E3779B97F4A7C15UL, 32);
}

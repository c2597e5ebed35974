namespace Arena.Scoring.Reading;

/// <summary>
/// A growable array built in fixed chunks. Unlike List's doubling, growing never copies, and the final exact-size
/// array is filled chunk by chunk while each chunk is let go, so building 10M values peaks near 1x their size, not 3x.
/// </summary>
internal struct ArrayBuilder<T>
{
    const int ChunkBits = 20;
    const int ChunkSize = 1 << ChunkBits;
    List<T[]> _chunks;
    T[] _current;
    int _inCurrent;

    public ArrayBuilder(int capacity)
    {
        _chunks = [];
        _current = new T[Math.Clamp(capacity, 16, ChunkSize)];
        _inCurrent = 0;
        Count = 0;
    }

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (_inCurrent == _current.Length) Grow();
        _current[_inCurrent++] = item;
        Count++;
    }

    void Grow()
    {
        if (_current.Length < ChunkSize)
        {
            // Small builders stay one array until a chunk is full.
            Array.Resize(ref _current, Math.Min(_current.Length * 2, ChunkSize));
            return;
        }
        _chunks.Add(_current);
        _current = new T[ChunkSize];
        _inCurrent = 0;
    }

    public T[] ToArray()
    {
        if (_current is null) return [];
        var result = GC.AllocateUninitializedArray<T>(Count);
        var offset = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            _chunks[i].CopyTo(result, offset);
            offset += _chunks[i].Length;
            _chunks[i] = [];
        }
        Array.Copy(_current, 0, result, offset, _inCurrent);
        _chunks.Clear();
        _current = [];
        _inCurrent = 0;
        Count = 0;
        return result;
    }
}

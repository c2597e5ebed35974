namespace Arena.Scoring.Reading;

/// <summary>A growable array whose final buffer is handed over without a List's extra copy.</summary>
internal struct ArrayBuilder<T>
{
    T[] _items;

    public ArrayBuilder(int capacity) => _items = new T[Math.Max(capacity, 16)];

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count == _items.Length) Array.Resize(ref _items, (int)Math.Min(Array.MaxLength, (long)_items.Length * 2));
        _items[Count++] = item;
    }

    public readonly T this[int index] => _items[index];

    public T[] ToArray()
    {
        if (_items.Length != Count) Array.Resize(ref _items, Count);
        return _items;
    }
}

namespace Arena.Scoring.Humans;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014). The study's sample, practice items and bootstrap must come out the same
/// on every runtime for years, because the split hash and the published interval are recomputed later;
/// System.Random's seeded sequence is not promised to stay the same across .NET versions, this one is fixed here.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    ulong _state = seed;

    public SplitMix64(int seed) : this(unchecked((ulong)(long)seed)) { }

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, bound), without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextBelow(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        var n = (ulong)bound;
        var high = Math.BigMul(Next(), n, out var low);
        if (low < n)
        {
            var threshold = unchecked(0UL - n) % n;
            while (low < threshold) high = Math.BigMul(Next(), n, out low);
        }
        return (int)high;
    }

    /// <summary>Moves <paramref name="count"/> uniformly chosen elements to the front (a partial Fisher-Yates shuffle).</summary>
    public void ShuffleFront<T>(T[] values, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var j = i + NextBelow(values.Length - i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}

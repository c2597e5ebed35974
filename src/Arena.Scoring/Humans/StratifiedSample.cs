using System.Security.Cryptography;
using System.Text;

namespace Arena.Scoring.Humans;

/// <summary>A test item id with its class label, the input of the study's sample.</summary>
public sealed record LabelledItem(string Id, string Label);

/// <summary>
/// The items chosen for a human-baseline study, in ordinal order, and their <see cref="SplitHash"/>, which lets anyone
/// check later that a published human score was measured on exactly these items.
/// </summary>
public sealed record StudySample(IReadOnlyList<string> ItemIds, string SplitHash)
{
    /// <summary>Fewer than 200 items: the human score is shown as provisional, its interval being wide (about ±5 points at 85%).</summary>
    public bool Provisional => ItemIds.Count < StratifiedSample.ProvisionalBelow;
}

/// <summary>
/// A seeded, stratified sample of test items: each class gets its proportional share, so the humans see the same class
/// mix as the model is scored on. The same items, labels, size and seed always give the same sample, whatever the
/// order of the input.
/// </summary>
public static class StratifiedSample
{
    public const int DefaultSize = 400;
    public const int MinimumSize = 50;
    public const int ProvisionalBelow = 200;

    /// <summary>
    /// Draws <paramref name="size"/> items (all of them when there are no more). Allocation per class is proportional
    /// with largest-remainder rounding (ties to the ordinally smaller label); then every class left with none takes one
    /// from the class with the largest share, when the size allows one per class. Within a class the ids are sorted
    /// ordinally and a partial Fisher-Yates shuffle picks them, classes taken in ordinal label order.
    /// </summary>
    public static StudySample Draw(IEnumerable<LabelledItem> items, int seed, int size = DefaultSize)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (size < MinimumSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"a study sample needs at least {MinimumSize} items");
        var all = items.ToArray();
        if (all.Length == 0) throw new ArgumentException("there are no items to sample", nameof(items));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in all)
        {
            CheckId(item.Id, nameof(items));
            if (item.Label is null) throw new ArgumentException($"item '{item.Id}' has no label", nameof(items));
            if (!seen.Add(item.Id)) throw new ArgumentException($"item '{item.Id}' appears twice", nameof(items));
        }
        if (all.Length <= size) return Of(all.Select(i => i.Id));

        var classes = all.GroupBy(i => i.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(i => i.Id).Order(StringComparer.Ordinal).ToArray()).ToArray();
        var quotas = Allocate(classes.Select(c => c.Length).ToArray(), size);
        var random = new SplitMix64(seed);
        var chosen = new List<string>(size);
        for (var c = 0; c < classes.Length; c++)
        {
            random.ShuffleFront(classes[c], quotas[c]);
            chosen.AddRange(classes[c].Take(quotas[c]));
        }
        return Of(chosen);
    }

    /// <summary>
    /// The split hash: lowercase hex SHA-256 of the UTF-8 bytes of the ids sorted ordinally (byte order of UTF-16 code
    /// units, as string.CompareOrdinal) and joined by a single "\n", with no trailing newline. For ids a, b, c it hashes
    /// the five bytes "a\nb\nc". Ids may not contain "\n", so the form is unambiguous.
    /// </summary>
    public static string SplitHash(IEnumerable<string> itemIds)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var sorted = itemIds.Order(StringComparer.Ordinal).ToArray();
        foreach (var id in sorted) CheckId(id, nameof(itemIds));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sorted))));
    }

    static StudySample Of(IEnumerable<string> ids)
    {
        var sorted = ids.Order(StringComparer.Ordinal).ToArray();
        return new StudySample(sorted, SplitHash(sorted));
    }

    /// <summary>Per-class quotas summing to <paramref name="size"/>; integer arithmetic, so no rounding can tip a tie.</summary>
    internal static int[] Allocate(int[] classSizes, int size)
    {
        long total = classSizes.Sum();
        var quotas = new int[classSizes.Length];
        var remainders = new long[classSizes.Length];
        for (var c = 0; c < classSizes.Length; c++)
        {
            quotas[c] = (int)((long)size * classSizes[c] / total);
            remainders[c] = (long)size * classSizes[c] % total;
        }
        var byRemainder = Enumerable.Range(0, classSizes.Length).OrderByDescending(c => remainders[c]).ThenBy(c => c);
        foreach (var c in byRemainder.Take(size - quotas.Sum())) quotas[c]++;

        if (size >= classSizes.Length)
        {
            for (var c = 0; c < quotas.Length; c++)
            {
                if (quotas[c] > 0) continue;
                var donor = Enumerable.Range(0, quotas.Length).OrderByDescending(d => quotas[d]).ThenBy(d => d).First();
                quotas[donor]--;
                quotas[c]++;
            }
        }
        return quotas;
    }

    internal static void CheckId(string id, string parameter)
    {
        if (string.IsNullOrEmpty(id)) throw new ArgumentException("an item id is empty", parameter);
        if (id.Contains('\n', StringComparison.Ordinal))
            throw new ArgumentException($"item id '{id}' contains a newline, which the split hash uses as its separator", parameter);
    }
}

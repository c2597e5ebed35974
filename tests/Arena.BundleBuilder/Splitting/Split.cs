namespace Arena.BundleBuilder.Splitting;

/// <summary>A row as it appears in a bundle: its new id, its feature texts and its label (already mapped, e.g. 0/1).</summary>
public sealed record LabeledRow(int Id, string[] Features, string Label);

/// <summary>The train and test rows, both in id order, and which test ids score on the Public leaderboard.</summary>
public sealed record Split(IReadOnlyList<LabeledRow> Train, IReadOnlyList<LabeledRow> Test, IReadOnlySet<int> PublicIds)
{
    public string UsageOf(int id) => PublicIds.Contains(id) ? "Public" : "Private";
}

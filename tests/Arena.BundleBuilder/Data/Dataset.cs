namespace Arena.BundleBuilder.Data;

/// <summary>One source row. Feature values stay as the source wrote them so the bundle copies them verbatim, with no float reformatting.</summary>
public sealed record SourceRow(string[] Features, string Label);

/// <summary>A source dataset without its id column: the bundles number rows afresh (see <see cref="Splitting.Splitter"/>).</summary>
public sealed record Dataset(IReadOnlyList<string> FeatureNames, IReadOnlyList<SourceRow> Rows);

using System.Globalization;
using Arena.BundleBuilder.Building;
using Arena.BundleBuilder.Specs;

// Regenerates competitions/<slug>/ for every bundle in the catalog. Deterministic: rerunning gives identical bytes.
if (args.Length != 2 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Arena.BundleBuilder <datasets folder> <output folder>");
    Console.Error.WriteLine("  e.g. dotnet run --project tests/Arena.BundleBuilder -- /work/shared/datasets competitions");
    return 2;
}

foreach (var spec in Catalog.All)
{
    var data = Bundles.Build(spec, args[0], args[1]);
    var split = data.Split;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{spec.Slug,-14} {spec.Metric,-19} train {split.Train.Count,4}  test {split.Test.Count,4}  public {split.PublicIds.Count,4}  private {split.Test.Count - split.PublicIds.Count,4}"));
}
return 0;

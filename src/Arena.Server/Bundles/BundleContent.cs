using System.Security.Cryptography;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Server.Humans;

namespace Arena.Server.Bundles;

/// <summary>
/// Reads and copies a bundle's files for the importer. Every method throws <see cref="BundleException"/> naming the
/// problem, prefixed with <c>where</c> (the bundle's folder name, or "bundle" for an upload).
/// </summary>
internal static class BundleContent
{
    /// <summary>Throws <see cref="BundleException"/> for an unknown metric or a bad parameter.</summary>
    public static MetricSettings ResolveMetric(BundleManifest manifest, string where)
    {
        if (!MetricCatalog.TryFind(manifest.Metric, out var metric, out var implied))
            throw new BundleException($"{where}: unknown metric '{manifest.Metric}'");
        try
        {
            return MetricSettings.Create(metric, new Dictionary<string, string>(implied.Concat(manifest.MetricParameters)));
        }
        catch (ArgumentException e)
        {
            throw new BundleException($"{where}: {e.Message}");
        }
    }

    /// <summary>Public files go to <c>public/</c>; the solution and reference files to <c>private/</c>, which no route serves.</summary>
    public static void Copy(string bundle, string storage, BundleManifest manifest, string where)
    {
        Directory.CreateDirectory(Path.Combine(storage, "public"));
        Directory.CreateDirectory(Path.Combine(storage, "private"));
        foreach (var file in manifest.Files) CopyFile(bundle, file, Path.Combine(storage, "public", Path.GetFileName(file)), where);
        CopyFile(bundle, manifest.Solution, Path.Combine(storage, "private", Path.GetFileName(manifest.Solution)), where);
        foreach (var reference in manifest.ReferenceRows.Where(r => r.File is not null))
            CopyFile(bundle, reference.File!, Path.Combine(storage, "private", "references", reference.File!.Replace('/', '_')), where);
    }

    /// <summary>The bundle's own file (never one outside it, whatever the manifest says).</summary>
    public static string Existing(string bundle, string relative, string where)
    {
        var source = Path.GetFullPath(Path.Combine(bundle, relative));
        if (!source.StartsWith(Path.GetFullPath(bundle) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(source))
            throw new BundleException($"{where}: the bundle has no file '{relative}'");
        return source;
    }

    static void CopyFile(string bundle, string relative, string target, string where)
    {
        var source = Existing(bundle, relative, where);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
    }

    public static Solution LoadSolution(string storage, BundleManifest manifest, MetricSettings settings, string where)
    {
        try
        {
            return Solution.Load(Path.Combine(storage, "private", Path.GetFileName(manifest.Solution)), settings, manifest.IdColumn);
        }
        catch (SolutionException e)
        {
            throw new BundleException($"{where}: {e.Message}");
        }
    }

    public static ReferenceRow Reference(BundleReference row, string storage, Solution solution, DateTime now, string where)
    {
        var kind = References.ReferenceKinds.TryParse(row.Kind, out var k) ? k
            : throw new BundleException($"{where}: reference row '{row.Name}' has unknown kind '{row.Kind}'");
        var reference = new ReferenceRow
        {
            Kind = kind, Name = row.Name, Source = row.Source, Tolerance = row.Tolerance, CreatedAt = now,
            PeopleCount = row.PeopleCount, Note = row.Note,
            PublicScore = row.PublicScore, PrivateScore = row.PrivateScore,
        };
        if (row.File is null) return reference;
        reference.File = Path.Combine("private", "references", row.File.Replace('/', '_'));
        var outcome = Scorer.Score(solution, Path.Combine(storage, reference.File));
        if (outcome.Result is not { } result)
            throw new BundleException($"{where}: reference file '{row.File}' is not a valid submission: {string.Join("; ", outcome.Errors)}");
        (reference.PublicScore, reference.PrivateScore, reference.ScorerVersion) = (result.Public, result.Private, result.ScorerVersion);
        return reference;
    }

    /// <summary>
    /// The study of a bundle with a <c>humanStudy:</c> section, drawn from the staged files; throws
    /// <see cref="BundleException"/> with the line and column of the setting that makes it impossible.
    /// </summary>
    public static HumanStudy? DrawHumanStudy(BundleManifest manifest, string staging, Solution solution, DateTime now, Guid? createdBy,
        CancellationToken cancellation)
    {
        if (manifest.HumanStudy is not { } section) return null;
        string? Public(string stem) => manifest.Files.Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .FirstOrDefault(f => f!.StartsWith(stem + ".", StringComparison.OrdinalIgnoreCase)) is { } name ? Path.Combine(staging, "public", name) : null;
        try
        {
            var test = Public("test") ?? throw new StudyProblem("render", "the bundle has no test.csv among its files to show items from.");
            var files = new StudyFiles(solution, Path.Combine(staging, "private", Path.GetFileName(manifest.Solution)), test, Public("train"));
            return StudyDesign.Create(files, section.Settings(), now, createdBy, cancellation);
        }
        catch (StudyProblem problem)
        {
            throw section.Error(problem);
        }
    }

    public static string Hash(string bundle)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(bundle, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(bundle, file)));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}

using System.Security.Cryptography;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Server.Closing;
using Arena.Server.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Bundles;

/// <summary>
/// Imports competition bundles from a folder. Idempotent: a bundle whose slug already exists is left alone, so a
/// restart, or a second web node starting at the same time, changes nothing.
/// </summary>
public sealed class BundleImporter(ArenaDb db, DataPaths paths, ClosingSchedule closing, TimeProvider clock, ILogger<BundleImporter> log)
{
    public async Task ImportAllAsync(string folder, CancellationToken cancellation)
    {
        if (!Directory.Exists(folder))
        {
            log.LogInformation("No competitions folder at {Folder}; nothing to import", folder);
            return;
        }
        foreach (var bundle in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(bundle, "competition.yaml"))) continue;
            try
            {
                await ImportAsync(bundle, cancellation);
            }
            catch (BundleException e)
            {
                log.LogError("Bundle {Bundle} was not imported: {Reason}", Path.GetFileName(bundle), e.Message);
            }
        }
    }

    public async Task<Competition?> ImportAsync(string bundleFolder, CancellationToken cancellation)
    {
        var name = Path.GetFileName(bundleFolder);
        var manifest = BundleManifest.Parse(await File.ReadAllTextAsync(Path.Combine(bundleFolder, "competition.yaml"), cancellation), name);
        var slug = manifest.Slug ?? name;
        if (await db.Competitions.AnyAsync(c => c.Slug == slug, cancellation)) return null;

        var settings = ResolveMetric(manifest, name);
        var storage = Path.Combine(paths.Competitions, slug);
        CopyBundle(bundleFolder, storage, manifest);
        var solution = LoadSolution(storage, manifest, settings, name);
        var now = clock.GetUtcNow().UtcDateTime;
        var competition = new Competition
        {
            Slug = slug,
            Title = manifest.Title,
            Description = manifest.Description,
            OverviewMarkdown = manifest.Overview is null ? "" : await File.ReadAllTextAsync(Path.Combine(bundleFolder, manifest.Overview), cancellation),
            Metric = settings.Metric.Name,
            MetricParameters = manifest.MetricParameters,
            IdColumn = manifest.IdColumn,
            StartsAt = manifest.Start?.ToUniversalTime(),
            Deadline = manifest.Deadline?.ToUniversalTime(),
            DailySubmissionLimit = manifest.DailySubmissionLimit,
            FinalSelections = manifest.FinalSelections,
            MaxUploadBytes = manifest.MaxUploadBytes,
            Visibility = CompetitionVisibility.Public,
            StorageFolder = paths.Relative(storage),
            SolutionFile = manifest.Solution,
            BundleHash = Hash(bundleFolder),
            CreatedAt = now,
            // A bundle whose deadline has passed arrives closed: nothing is left to freeze or wait for.
            PublicFrozenAt = manifest.Deadline?.ToUniversalTime() <= now ? now : null,
            PrivateRevealedAt = manifest.Deadline?.ToUniversalTime() <= now ? now : null,
            Files = [.. manifest.Files.Select(f => new CompetitionFile
            {
                Name = Path.GetFileName(f),
                RelativePath = Path.Combine("public", Path.GetFileName(f)),
                SizeBytes = new FileInfo(Path.Combine(storage, "public", Path.GetFileName(f))).Length,
                CreatedAt = now,
            })],
            References = [.. manifest.ReferenceRows.Select(r => Reference(r, storage, solution, now, name))],
        };
        db.Competitions.Add(competition);
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateException)
        {
            // Another node imported the same bundle at the same moment: the unique slug kept one copy.
            if (await AnotherNodeImportedAsync(slug, cancellation)) return null;
            throw;
        }
        closing.Schedule(competition);
        log.LogInformation("Imported competition {Slug} ({Metric})", slug, competition.Metric);
        return competition;
    }

    async Task<bool> AnotherNodeImportedAsync(string slug, CancellationToken cancellation)
    {
        db.ChangeTracker.Clear();
        return await db.Competitions.AnyAsync(c => c.Slug == slug, cancellation);
    }

    /// <summary>Throws <see cref="BundleException"/> for an unknown metric or a bad parameter.</summary>
    internal static MetricSettings ResolveMetric(BundleManifest manifest, string where)
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
    static void CopyBundle(string bundle, string storage, BundleManifest manifest)
    {
        Directory.CreateDirectory(Path.Combine(storage, "public"));
        Directory.CreateDirectory(Path.Combine(storage, "private"));
        foreach (var file in manifest.Files) Copy(bundle, file, Path.Combine(storage, "public", Path.GetFileName(file)));
        Copy(bundle, manifest.Solution, Path.Combine(storage, "private", Path.GetFileName(manifest.Solution)));
        foreach (var reference in manifest.ReferenceRows.Where(r => r.File is not null))
            Copy(bundle, reference.File!, Path.Combine(storage, "private", "references", reference.File!.Replace('/', '_')));
    }

    static void Copy(string bundle, string relative, string target)
    {
        var source = Path.GetFullPath(Path.Combine(bundle, relative));
        if (!source.StartsWith(Path.GetFullPath(bundle) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(source))
            throw new BundleException($"{Path.GetFileName(bundle)}: the bundle has no file '{relative}'");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
    }

    static Solution LoadSolution(string storage, BundleManifest manifest, MetricSettings settings, string where)
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

    static ReferenceRow Reference(BundleReference row, string storage, Solution solution, DateTime now, string where)
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

    static string Hash(string bundle)
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

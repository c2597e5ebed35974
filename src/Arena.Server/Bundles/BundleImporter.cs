using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Server.Audit;
using Arena.Server.Closing;
using Arena.Server.Competitions;
using Arena.Server.Configuration;
using Arena.Server.Files;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Bundles;

/// <summary>
/// Imports competition bundles: the start-up folder's (published and public, idempotently: a bundle whose slug already
/// exists is left alone, so a restart, or a second web node starting at the same time, changes nothing) and organizers'
/// uploads (drafts with a creator and maybe a group), through the same code.
/// </summary>
public sealed class BundleImporter(ArenaDb db, DataPaths paths, IFileStore files, ClosingSchedule closing, TimeProvider clock, ILogger<BundleImporter> log)
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

    /// <summary>A start-up bundle: its slug is the manifest's, else the folder's name.</summary>
    public async Task<Competition?> ImportAsync(string bundleFolder, CancellationToken cancellation)
    {
        var name = Path.GetFileName(bundleFolder);
        var manifest = await BundleManifest.ReadAsync(bundleFolder, name, cancellation);
        return await ImportAsync(bundleFolder, manifest, manifest.Slug ?? name, BundleOrigin.StartUp, name, cancellation);
    }

    /// <summary>
    /// Copies the bundle to a local staging folder, checks it there (solution, reference files), moves its files into
    /// the file store, and only then creates its competition, so that any node or worker that sees the competition
    /// can read its files. Null when the slug is taken. Throws
    /// <see cref="BundleException"/> for a bad bundle (unknown metric, missing file, invalid solution or reference),
    /// with <paramref name="where"/> in front of the message. An upload records "competition-created" with it.
    /// </summary>
    public async Task<Competition?> ImportAsync(string bundleFolder, BundleManifest manifest, string slug, BundleOrigin origin, string where,
        CancellationToken cancellation)
    {
        if (await db.Competitions.AnyAsync(c => c.Slug == slug, cancellation)) return null;
        var settings = BundleContent.ResolveMetric(manifest, where);
        // Start-up bundles share one folder per slug across nodes; an upload gets its own, so that a failed or racing
        // upload never overwrites another competition's files and can be removed whole.
        var storage = origin.IsUpload ? FileKeys.Combine("competitions", "uploaded", $"{slug}.{Guid.NewGuid():N}") : FileKeys.Combine("competitions", slug);
        var staging = Path.Combine(paths.Uploads, $"import-{Guid.NewGuid():N}");
        try
        {
            var (competition, study) = await BuildAsync(bundleFolder, manifest, slug, settings, origin, staging, storage, where, cancellation);
            foreach (var file in Directory.GetFiles(staging, "*", SearchOption.AllDirectories))
                await files.MoveInAsync(FileKeys.Combine(storage, Path.GetRelativePath(staging, file)), file, cancellation);
            if (!await SaveAsync(competition, study, origin, cancellation)) return await DiscardAsync(storage, origin);
            closing.Schedule(competition);
            log.LogInformation("Imported competition {Slug} ({Metric}, {State})", slug, competition.Metric, competition.State);
            return competition;
        }
        catch when (origin.IsUpload)
        {
            await DiscardAsync(storage, origin);
            throw;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    async Task<(Competition, HumanStudy?)> BuildAsync(string bundleFolder, BundleManifest manifest, string slug, MetricSettings settings,
        BundleOrigin origin, string staging, string storage, string where, CancellationToken cancellation)
    {
        BundleContent.Copy(bundleFolder, staging, manifest, where);
        var solution = BundleContent.LoadSolution(staging, manifest, settings, where);
        var now = clock.GetUtcNow().UtcDateTime;
        var study = BundleContent.DrawHumanStudy(manifest, staging, solution, now, origin.CreatedById, cancellation);
        return (new Competition
        {
            Slug = slug,
            Title = manifest.Title,
            Description = manifest.Description,
            OverviewMarkdown = manifest.Overview is null ? "" : await File.ReadAllTextAsync(BundleContent.Existing(bundleFolder, manifest.Overview, where), cancellation),
            Metric = settings.Metric.Name,
            MetricParameters = manifest.MetricParameters,
            IdColumn = manifest.IdColumn,
            StartsAt = manifest.Start?.ToUniversalTime(),
            Deadline = manifest.Deadline?.ToUniversalTime(),
            DailySubmissionLimit = manifest.DailySubmissionLimit,
            FinalSelections = manifest.FinalSelections,
            ScoreDecimals = CompetitionSettings.CheckDecimals(manifest.ScoreDecimals) is { } decimals ? throw new BundleException($"{where}: {decimals}") : manifest.ScoreDecimals,
            LadderStep = CompetitionSettings.CheckLadderStep(manifest.LadderStep) is { } step ? throw new BundleException($"{where}: {step}") : manifest.LadderStep,
            MaxUploadBytes = manifest.MaxUploadBytes,
            Visibility = origin.Visibility,
            State = origin.State,
            GroupId = origin.GroupId,
            CreatedById = origin.CreatedById,
            StorageFolder = storage,
            SolutionFile = manifest.Solution,
            BundleHash = BundleContent.Hash(bundleFolder),
            CreatedAt = now,
            // A bundle whose deadline has passed arrives closed: nothing is left to freeze or wait for.
            PublicFrozenAt = manifest.Deadline?.ToUniversalTime() <= now ? now : null,
            PrivateRevealedAt = manifest.Deadline?.ToUniversalTime() <= now ? now : null,
            Files = [.. manifest.Files.Select(f => new CompetitionFile
            {
                Name = Path.GetFileName(f),
                RelativePath = Path.Combine("public", Path.GetFileName(f)),
                SizeBytes = new FileInfo(Path.Combine(staging, "public", Path.GetFileName(f))).Length,
                CreatedAt = now,
            })],
            References = [.. manifest.ReferenceRows.Select(r => BundleContent.Reference(r, staging, solution, now, where))],
        }, study);
    }

    /// <summary>False when another node or request created the same slug at the same moment: the unique slug kept one.</summary>
    async Task<bool> SaveAsync(Competition competition, HumanStudy? study, BundleOrigin origin, CancellationToken cancellation)
    {
        db.Competitions.Add(competition);
        if (study is not null)
        {
            study.Competition = competition;
            db.HumanStudies.Add(study);
        }
        try
        {
            if (!origin.IsUpload)
            {
                await db.SaveChangesAsync(cancellation);
                return true;
            }
            // The audit entry needs the new id, so both inserts share a transaction instead of one SaveChanges.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            await db.SaveChangesAsync(cancellation);
            db.Record(clock, "competition-created", origin.CreatedById, competition.Id, origin.GroupId,
                new { competition.Slug, competition.Title, competition.Metric });
            await db.SaveChangesAsync(cancellation);
            await transaction.CommitAsync(cancellation);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Competitions.AnyAsync(c => c.Slug == competition.Slug, cancellation)) return false;
            throw;
        }
    }

    /// <summary>An upload's folder is its own; a start-up bundle's is shared by the nodes importing the same slug, so it stays.</summary>
    async Task<Competition?> DiscardAsync(string storage, BundleOrigin origin)
    {
        if (origin.IsUpload) await files.DeleteFolderAsync(storage, CancellationToken.None);
        return null;
    }
}

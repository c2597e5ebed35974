using Arena.Server.Operations;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Configuration;
using Arena.Server.Files;
using Arena.Server.Leaderboards;
using Arena.Server.Scoring;
using Arena.Server.Submissions;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.References;

/// <summary>
/// Organizers manage a competition's reference rows: a declared score (with its source), or a prediction file scored
/// like a submission. Every change moves the leaderboard, so watchers get a new snapshot.
/// </summary>
public static class ReferencesApi
{
    public static void MapReferences(this IEndpointRouteBuilder app)
    {
        var references = app.MapGroup("/api/competitions/{slug}/references").RequireAuthorization(AccountsSetup.OrganizerPolicy);
        references.MapGet("/", ListAsync);
        references.MapPost("/", AddAsync).DisableAntiforgery();
        references.MapDelete("/{id:int}", DeleteAsync);
        references.MapPost("/baseline", TrainBaselineAsync);
        references.MapGet("/{id:int}", GetAsync);
    }

    static async Task<IResult> ListAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var rows = await db.ReferenceRows.AsNoTracking().Where(r => r.CompetitionId == competition.Id).OrderBy(r => r.Id).ToListAsync(cancellation);
        return TypedResults.Ok(rows.Select(ReferenceRequests.View).ToList());
    }

    static async Task<IResult> AddAsync(string slug, HttpContext http, ArenaDb db, SolutionCache solutions, DataPaths paths, IFileStore files,
        IChangeNotifier changes, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var (reference, problem) = http.Request.HasFormContentType
            ? await FromFileAsync(http, competition, solutions, paths, files, cancellation)
            : ReferenceRequests.Declared(await http.Request.ReadFromJsonAsync<DeclaredReference>(cancellation));
        if (reference is null) return problem!;
        reference.CompetitionId = competition.Id;
        reference.CreatedAt = clock.GetUtcNow().UtcDateTime;
        db.ReferenceRows.Add(reference);
        competition.LeaderboardVersion++;
        db.Record(clock, "reference-added", http.User.UserId(), competition.Id,
            details: new { reference.Name, Kind = reference.Kind.ToString().ToLowerInvariant(), FromFile = reference.File is not null });
        await db.SaveChangesAsync(cancellation);
        await changes.LeaderboardChangedAsync(competition.Id, cancellation);
        return TypedResults.Created($"/api/competitions/{slug}/references/{reference.Id}", ReferenceRequests.View(reference));
    }

    /// <summary>Starts the ML.NET baseline as a background job; its row shows "training" until the job scores it (or says why it failed).</summary>
    static async Task<IResult> TrainBaselineAsync(string slug, HttpContext http, ArenaDb db, IBackgroundJobClient jobs, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        if (await db.ReferenceRows.AnyAsync(r => r.CompetitionId == competition.Id && r.Status == ReferenceStatus.Training, cancellation))
            return Problems.Conflict("A baseline is already training for this competition.");
        var reference = new ReferenceRow
        {
            CompetitionId = competition.Id, Kind = ReferenceKind.Benchmark, Name = "ML.NET baseline",
            Status = ReferenceStatus.Training, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ReferenceRows.Add(reference);
        db.Record(clock, "baseline-requested", http.User.UserId(), competition.Id);
        await db.SaveChangesAsync(cancellation);
        var id = reference.Id;
        jobs.Enqueue<TrainBaselineJob>(job => job.RunAsync(id, CancellationToken.None));
        return TypedResults.Accepted($"/api/competitions/{slug}/references/{id}", ReferenceRequests.View(reference));
    }

    /// <summary>One row, so that a client can wait for a baseline to finish.</summary>
    static async Task<IResult> GetAsync(string slug, int id, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var row = await db.ReferenceRows.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.CompetitionId == competition.Id, cancellation);
        return row is null ? TypedResults.NotFound() : TypedResults.Ok(ReferenceRequests.View(row));
    }

    static async Task<IResult> DeleteAsync(string slug, int id, HttpContext http, ArenaDb db, IChangeNotifier changes, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var reference = await db.ReferenceRows.FirstOrDefaultAsync(r => r.Id == id && r.CompetitionId == competition.Id, cancellation);
        if (reference is null) return TypedResults.NotFound();
        db.ReferenceRows.Remove(reference);
        competition.LeaderboardVersion++;
        db.Record(clock, "reference-removed", http.User.UserId(), competition.Id, details: new { reference.Name });
        await db.SaveChangesAsync(cancellation);
        await changes.LeaderboardChangedAsync(competition.Id, cancellation);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A prediction file is scored against the solution like a submission, from a local copy, and only a valid one is
    /// stored with the hidden files.
    /// </summary>
    static async Task<(ReferenceRow?, IResult?)> FromFileAsync(HttpContext http, Competition competition, SolutionCache solutions, DataPaths paths,
        IFileStore files, CancellationToken cancellation)
    {
        var form = await http.Request.ReadFormAsync(cancellation);
        var (row, problem) = ReferenceRequests.FromForm(new(form["kind"], form["name"], form["source"], form["tolerance"], form["peopleCount"], form["note"]));
        if (row is null) return (null, problem);
        if (form.Files.GetFile("file") is not { } file) return (null, Problems.BadRequest("The form has no 'file' field."));
        if (file.Length > competition.MaxUploadBytes) return (null, Problems.TooLarge(competition.MaxUploadBytes));
        var relative = $"private/references/{Guid.NewGuid():N}.csv";
        var local = paths.NewUploadFile();
        try
        {
            await using (var stream = File.Create(local)) await file.CopyToAsync(stream, cancellation);
            var outcome = Scorer.Score(await solutions.GetAsync(competition, cancellation), local, competition.MaxDecompressedBytes());
            if (outcome.Result is not { } result)
            {
                return (null, TypedResults.Problem("The reference file is not a valid submission.", statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid file", extensions: new Dictionary<string, object?> { ["errors"] = outcome.Errors.Select(SubmissionMapping.ToDto).ToList() }));
            }
            await files.MoveInAsync(FileKeys.Combine(competition.StorageFolder, relative), local, cancellation);
            (row.File, row.PublicScore, row.PrivateScore, row.ScorerVersion) = (relative, result.Public, result.Private, result.ScorerVersion);
            return (row, null);
        }
        finally
        {
            File.Delete(local);
        }
    }
}

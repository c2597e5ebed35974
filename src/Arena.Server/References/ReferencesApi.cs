using Arena.Server.Operations;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Arena.Server.Configuration;
using Arena.Server.Leaderboards;
using Arena.Server.Scoring;
using Arena.Server.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.References;

public sealed record DeclaredReference(string? Kind, string? Name, double? Score, string? Source, double? Tolerance);

public sealed record ReferenceView(int Id, string Kind, string Name, string Source, double? PublicScore, double? PrivateScore, double? Tolerance, bool FromFile);

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
    }

    static async Task<IResult> ListAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var rows = await db.ReferenceRows.AsNoTracking().Where(r => r.CompetitionId == competition.Id).OrderBy(r => r.Id).ToListAsync(cancellation);
        return TypedResults.Ok(rows.Select(View).ToList());
    }

    static async Task<IResult> AddAsync(string slug, HttpContext http, ArenaDb db, SolutionCache solutions, DataPaths paths,
        IChangeNotifier changes, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var row = http.Request.HasFormContentType
            ? await FromFileAsync(http, competition, solutions, paths, cancellation)
            : Declared(await http.Request.ReadFromJsonAsync<DeclaredReference>(cancellation));
        if (row.Problem is not null) return row.Problem;
        var reference = row.Reference!;
        reference.CompetitionId = competition.Id;
        reference.CreatedAt = clock.GetUtcNow().UtcDateTime;
        db.ReferenceRows.Add(reference);
        competition.LeaderboardVersion++;
        await db.SaveChangesAsync(cancellation);
        await changes.LeaderboardChangedAsync(competition.Id, cancellation);
        return TypedResults.Created($"/api/competitions/{slug}/references/{reference.Id}", View(reference));
    }

    static async Task<IResult> DeleteAsync(string slug, int id, HttpContext http, ArenaDb db, IChangeNotifier changes, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var reference = await db.ReferenceRows.FirstOrDefaultAsync(r => r.Id == id && r.CompetitionId == competition.Id, cancellation);
        if (reference is null) return TypedResults.NotFound();
        db.ReferenceRows.Remove(reference);
        competition.LeaderboardVersion++;
        await db.SaveChangesAsync(cancellation);
        await changes.LeaderboardChangedAsync(competition.Id, cancellation);
        return TypedResults.NoContent();
    }

    sealed record Parsed(ReferenceRow? Reference, IResult? Problem);

    /// <summary>A declared figure is one number, shown in both views.</summary>
    static Parsed Declared(DeclaredReference? request)
    {
        if (request is null) return new(null, Problems.BadRequest("Send JSON {kind, name, score, source, tolerance} or a form with a 'file'."));
        if (Check(request.Kind, request.Name, out var kind) is { } problem) return new(null, problem);
        if (request.Score is not { } score || !double.IsFinite(score)) return new(null, Problems.BadRequest("A declared reference row needs a finite 'score'."));
        return new(new ReferenceRow
        {
            Kind = kind, Name = request.Name!.Trim(), Source = request.Source ?? "",
            PublicScore = score, PrivateScore = score, Tolerance = request.Tolerance,
        }, null);
    }

    /// <summary>A prediction file is stored with the hidden files and scored against the solution, like a submission.</summary>
    static async Task<Parsed> FromFileAsync(HttpContext http, Competition competition, SolutionCache solutions, DataPaths paths, CancellationToken cancellation)
    {
        var form = await http.Request.ReadFormAsync(cancellation);
        string? kind = form["kind"], name = form["name"];
        if (Check(kind, name, out var parsedKind) is { } problem) return new(null, problem);
        if (form.Files.GetFile("file") is not { } file) return new(null, Problems.BadRequest("The form has no 'file' field."));
        if (file.Length > competition.MaxUploadBytes) return new(null, Problems.TooLarge(competition.MaxUploadBytes));
        var relative = Path.Combine("private", "references", $"{Guid.NewGuid():N}.csv");
        var target = paths.Resolve(Path.Combine(competition.StorageFolder, relative));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using (var stream = File.Create(target)) await file.CopyToAsync(stream, cancellation);
        var outcome = Scorer.Score(solutions.Get(competition), target, competition.MaxDecompressedBytes());
        if (outcome.Result is not { } result)
        {
            File.Delete(target);
            return new(null, TypedResults.Problem("The reference file is not a valid submission.", statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid file", extensions: new Dictionary<string, object?> { ["errors"] = outcome.Errors.Select(SubmissionMapping.ToDto).ToList() }));
        }
        return new(new ReferenceRow
        {
            Kind = parsedKind, Name = name!.Trim(), Source = form["source"].ToString(), File = relative,
            PublicScore = result.Public, PrivateScore = result.Private, ScorerVersion = result.ScorerVersion,
            Tolerance = double.TryParse(form["tolerance"], System.Globalization.CultureInfo.InvariantCulture, out var tolerance) ? tolerance : null,
        }, null);
    }

    static IResult? Check(string? kind, string? name, out ReferenceKind parsed) =>
        !ReferenceKinds.TryParse(kind, out parsed) ? Problems.BadRequest("'kind' must be human, benchmark or paper.")
        : string.IsNullOrWhiteSpace(name) ? Problems.BadRequest("A reference row needs a 'name'.")
        : null;

    static ReferenceView View(ReferenceRow r) =>
        new(r.Id, r.Kind.ToString().ToLowerInvariant(), r.Name, r.Source, r.PublicScore, r.PrivateScore, r.Tolerance, r.File is not null);
}

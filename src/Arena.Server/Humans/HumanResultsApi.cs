using System.Text;
using System.Text.Json;
using Arena.Data;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Files;
using Arena.Server.Operations;
using Arena.Server.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// The study's results, computed from the stored answers on every call; its export (organizers: the whole record as
/// JSON, or the responses as CSV) and the import that rebuilds a record from an export.
/// </summary>
public static class HumanResultsApi
{
    public static void MapHumanResults(this RouteGroupBuilder study)
    {
        study.MapGet("/results", ResultsAsync);
        study.MapGet("/export", ExportAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        study.MapPost("/import", ImportAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
    }

    /// <summary>
    /// Organizers see everything, with user names and gold labels. Everyone else sees the aggregate while the
    /// competition is open, and the per-annotator (pseudonymous) and per-item figures once its deadline has passed.
    /// </summary>
    static async Task<IResult> ResultsAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        var now = clock.GetUtcNow().UtcDateTime;
        var record = await StudyRecord.LoadAsync(db, context.Study, cancellation);
        return TypedResults.Ok(StudyResults.For(context, record, now));
    }

    static async Task<IResult> ExportAsync(string slug, string? format, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyToOrganizeAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        format = format?.ToLowerInvariant() ?? "json";
        if (format is not ("json" or "csv")) return new StudyProblem("format", "must be json or csv.").ToResult();
        var document = StudyExportDocument.Of(context, await StudyRecord.LoadAsync(db, context.Study, cancellation), clock.GetUtcNow().UtcDateTime);
        return format == "json"
            ? TypedResults.File(document.ToJson(), "application/json", $"{slug}-human-study.json")
            : TypedResults.File(Encoding.UTF8.GetBytes(document.ToCsv()), "text/csv; charset=utf-8", $"{slug}-human-study.csv");
    }

    /// <summary>201 with the rebuilt study; 400 naming what is wrong with the document; 409 when the competition has a study.</summary>
    static async Task<IResult> ImportAsync(string slug, HttpContext http, ArenaDb db, IFileStore files, SolutionCache solutions, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        try
        {
            StudyExportDocument? document;
            try
            {
                document = await JsonSerializer.DeserializeAsync<StudyExportDocument>(http.Request.Body, StudyExportDocument.Json, cancellation);
            }
            catch (JsonException e)
            {
                throw new StudyProblem(e.Path is { } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body",
                    $"the document does not read as a study export: {e.Message}");
            }
            if (document is null) throw new StudyProblem("body", "send the JSON of an export.");
            if (await db.HumanStudies.AnyAsync(s => s.CompetitionId == competition.Id, cancellation))
                return Problems.Conflict("This competition already has a human study.");
            var imported = await StudyImport.BuildAsync(document, await competition.FilesAsync(db, files, solutions, cancellation), db, http.User.UserId(), cancellation);
            imported.Study.CompetitionId = competition.Id;
            db.Record(clock, "human-study-imported", http.User.UserId(), competition.Id,
                details: new { imported.Study.Seed, imported.Study.SplitHash, Annotators = imported.Annotators.Count, Answers = imported.Answers.Count });
            try
            {
                await StudyImport.SaveAsync(db, imported, cancellation);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (await db.HumanStudies.AnyAsync(s => s.CompetitionId == competition.Id, cancellation)) return Problems.Conflict("This competition already has a human study.");
                throw;
            }
            var context = new StudyContext(competition, imported.Study, true);
            var now = clock.GetUtcNow().UtcDateTime;
            return TypedResults.Created($"/api/competitions/{slug}/human-study", StudyView.Of(context, await StudyRecord.LoadAsync(db, imported.Study, cancellation), now));
        }
        catch (StudyProblem problem)
        {
            return problem.ToResult();
        }
    }

    /// <summary>When a closed study closed: the organizer's close, else the competition's deadline; null while open.</summary>
    public static DateTime? ClosedAt(StudyContext context, DateTime now) =>
        context.IsClosedAt(now) ? context.Study.ClosedAt ?? context.Competition.Deadline : null;
}

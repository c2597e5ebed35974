using System.Text.Json.Nodes;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Files;
using Arena.Server.Operations;
using Arena.Server.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// A competition's human-baseline study: its organizers set it up, close it and delete it (while it has no answers);
/// everyone who may see the competition reads its protocol. Every route needs a signed-in caller.
/// </summary>
public static class HumanStudyApi
{
    public static void MapHumanStudies(this IEndpointRouteBuilder app)
    {
        // No policy on the group: a caller who may not see the competition gets 404 from the handler, not 403.
        var study = app.MapGroup("/api/competitions/{slug}/human-study").RequireAuthorization()
            .AddEndpointFilter<Leaderboards.HumanStudyChangeFilter>();
        study.MapGet("/", GetAsync);
        study.MapPost("/", CreateAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        study.MapPost("/close", CloseAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        study.MapDelete("/", DeleteAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        study.MapHumanSessions();
        study.MapHumanResults();
    }

    static readonly string[] SettingFields = ["render", "sample", "seed", "practice", "annotatorsPerItem", "aggregation", "secondsPerItem"];

    static async Task<IResult> GetAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        var record = await StudyRecord.LoadAsync(db, context.Study, cancellation);
        return TypedResults.Ok(StudyView.Of(context, record, clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>201 with the study; 400 naming a bad setting; 409 when it exists or the competition cannot have one.</summary>
    static async Task<IResult> CreateAsync(string slug, HttpContext http, ArenaDb db, IFileStore files, SolutionCache solutions,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        try
        {
            var settings = ReadSettings(await JsonFields.ReadAsync(http.Request, cancellation));
            var now = clock.GetUtcNow().UtcDateTime;
            if (competition.Deadline <= now)
                return Problems.Conflict("The competition has closed: a study set up now could take no answers (an export can still be imported).");
            if (await db.HumanStudies.AnyAsync(s => s.CompetitionId == competition.Id, cancellation))
                return Problems.Conflict("This competition already has a human study; delete it first (possible while it has no answers).");
            var study = StudyDesign.Create(await competition.FilesAsync(db, files, solutions, cancellation), settings, now, http.User.UserId(), cancellation);
            study.CompetitionId = competition.Id;
            db.HumanStudies.Add(study);
            db.Record(clock, "human-study-created", http.User.UserId(), competition.Id,
                details: new { study.Seed, SampleSize = study.Items.Count(i => i.Kind == HumanItemKind.Test), study.SplitHash, study.AnnotatorsPerItem,
                    Aggregation = StudySettings.Name(study.Aggregation), study.Render });
            try
            {
                await db.SaveChangesAsync(cancellation);
            }
            catch (DbUpdateException)
            {
                // Two set-ups at once: the unique competition index kept one.
                if (await AnotherStudyAsync(db, competition.Id, cancellation)) return Problems.Conflict("This competition already has a human study.");
                throw;
            }
            var context = new StudyContext(competition, study, true);
            return TypedResults.Created($"/api/competitions/{slug}/human-study", StudyView.Of(context, await StudyRecord.LoadAsync(db, study, cancellation), now));
        }
        catch (StudyProblem problem)
        {
            return problem.ToResult();
        }
    }

    /// <summary>No more answers after this; the results stand as they are (an unanswered assignment counts as a skip).</summary>
    static async Task<IResult> CloseAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyToOrganizeAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        var now = clock.GetUtcNow().UtcDateTime;
        if (context.Study.ClosedAt is null)
        {
            context.Study.ClosedAt = now;
            db.Record(clock, "human-study-closed", http.User.UserId(), context.Competition.Id);
            await db.SaveChangesAsync(cancellation);
        }
        return TypedResults.Ok(StudyView.Of(context, await StudyRecord.LoadAsync(db, context.Study, cancellation), now));
    }

    /// <summary>Only while nobody has answered: a study with answers is a record, kept (export it, close it).</summary>
    static async Task<IResult> DeleteAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyToOrganizeAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        if (await db.HumanAnswers.AnyAsync(a => a.StudyId == context.Study.Id, cancellation))
            return Problems.Conflict("The study has answers and is kept as a record; close it instead.");
        db.HumanStudies.Remove(context.Study);
        db.Record(clock, "human-study-deleted", http.User.UserId(), context.Competition.Id);
        await db.SaveChangesAsync(cancellation);
        return TypedResults.NoContent();
    }

    /// <summary>The set-up body: every field optional (see <see cref="StudySettings"/>); throws <see cref="StudyProblem"/>.</summary>
    public static StudySettings ReadSettings(JsonObject body)
    {
        JsonFields.OnlyKnown(body, SettingFields);
        var defaults = new StudySettings();
        var aggregation = JsonFields.String(body, "aggregation");
        return new StudySettings(
            JsonFields.String(body, "render") ?? defaults.Render,
            JsonFields.Int(body, "sample") ?? defaults.Sample,
            JsonFields.Int(body, "seed"),
            JsonFields.Int(body, "practice"),
            JsonFields.Int(body, "annotatorsPerItem") ?? defaults.AnnotatorsPerItem,
            aggregation is null ? defaults.Aggregation : StudySettings.ParseAggregation(aggregation),
            JsonFields.Int(body, "secondsPerItem"));
    }

    static async Task<bool> AnotherStudyAsync(ArenaDb db, int competitionId, CancellationToken cancellation)
    {
        db.ChangeTracker.Clear();
        return await db.HumanStudies.AnyAsync(s => s.CompetitionId == competitionId, cancellation);
    }
}

using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Operations;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Running;

public sealed record RescoreStarted(int RunId);

public sealed record RescoreRunView(int RunId, int Total, int Done, int Changed, string ScorerVersion, DateTime RequestedAt, DateTime? FinishedAt);

/// <summary>
/// Rescoring is a first-class command: after a scorer upgrade or a fixed solution file, every scored submission and
/// every reference file of a competition is scored again in the background, and each stored score records the scorer
/// version that produced it.
/// </summary>
public static class RescoreApi
{
    public static void MapRescores(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/competitions/{slug}/rescore", StartAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        // No route constraint on runId: a constrained route would answer 404 before authorization ran.
        app.MapGet("/api/competitions/{slug}/rescore/{runId}", GetAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
    }

    static async Task<IResult> StartAsync(string slug, HttpContext http, ArenaDb db, IBackgroundJobClient jobs, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var running = await db.RescoreRuns.AsNoTracking().Where(r => r.CompetitionId == competition.Id && r.FinishedAt == null)
            .Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellation);
        if (running is { } runningId)
            return Problems.Conflict("A rescore of this competition is still running.", new() { ["runId"] = runningId });

        // Whole milliseconds, as PostgreSQL keeps only microseconds: the job selects by this same instant.
        var now = clock.GetUtcNow().UtcDateTime;
        var requestedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var total = await RescoreCompetitionJob.Submissions(db, competition.Id, requestedAt).CountAsync(cancellation)
            + await RescoreCompetitionJob.References(db, competition.Id, requestedAt).CountAsync(cancellation);
        var run = new RescoreRun
        {
            CompetitionId = competition.Id, RequestedById = http.User.UserId()!.Value, RequestedAt = requestedAt,
            Total = total, ScorerVersion = ScorerInfo.Version,
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellation))
        {
            db.RescoreRuns.Add(run);
            await db.SaveChangesAsync(cancellation);
            db.Record(clock, "rescore-requested", run.RequestedById, competition.Id, details: new { runId = run.Id, total, scorerVersion = run.ScorerVersion });
            await db.SaveChangesAsync(cancellation);
            await transaction.CommitAsync(cancellation);
        }
        // Enqueued after the commit so the job finds its row; a job lost in between is enqueued again by RescoreResume.
        var runId = run.Id;
        jobs.Enqueue<RescoreCompetitionJob>(job => job.RunAsync(runId, CancellationToken.None));
        return TypedResults.Accepted($"/api/competitions/{slug}/rescore/{runId}", new RescoreStarted(runId));
    }

    static async Task<IResult> GetAsync(string slug, int runId, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var run = await db.RescoreRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.CompetitionId == competition.Id, cancellation);
        return run is null ? Problems.NotFound($"No rescore run {runId} for this competition.")
            : TypedResults.Ok(new RescoreRunView(run.Id, run.Total, run.Done, run.Changed, run.ScorerVersion, run.RequestedAt, run.FinishedAt));
    }
}

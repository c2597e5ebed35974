using Arena.Server.Operations;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Arena.Server.Files;
using Arena.Server.Scoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Submissions;

public static class SubmissionsApi
{
    public static void MapSubmissions(this IEndpointRouteBuilder app)
    {
        var byCompetition = app.MapGroup("/api/competitions/{slug}/submissions").RequireAuthorization();
        byCompetition.MapPost("/", SubmitAsync).DisableAntiforgery();
        byCompetition.MapPost("/validate", ValidateAsync).DisableAntiforgery();
        byCompetition.MapGet("/", ListOwnAsync);
        app.MapGet("/api/submissions/{id:guid}", GetAsync).RequireAuthorization();
    }

    /// <summary>
    /// Order matters for "nothing accepted is lost": a quota slot is taken, the file is streamed to disk and into the
    /// file store, the row is committed as queued, and only then is 202 sent. A job that is never enqueued (a crash in
    /// between) is found by the sweep.
    /// </summary>
    static async Task<IResult> SubmitAsync(string slug, HttpContext http, ArenaDb db, UploadReader uploads, IFileStore files, ScoringQueue queue,
        QuotaRefunds refunds, TimeProvider clock, ILogger<ScoringQueue> log, CancellationToken cancellation)
    {
        var userId = http.User.UserId()!.Value;
        var competition = await db.FindVisibleAsync(http, slug, cancellation);
        if (competition is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        if (competition.StartsAt > now)
            return Problems.Conflict("The competition has not started yet.", new() { ["startsAt"] = competition.StartsAt });
        var disqualified = await db.ParticipantSanctions.AsNoTracking()
            .Where(p => p.CompetitionId == competition.Id && p.UserId == userId && p.Kind == SanctionKind.Disqualified)
            .Select(p => p.Reason).FirstOrDefaultAsync(cancellation);
        if (disqualified is not null) return Problems.Forbidden($"You are disqualified from this competition: {disqualified}");

        var day = DateOnly.FromDateTime(now);
        if (!await Quotas.TryReserveAsync(db, competition.Id, userId, day, competition.DailySubmissionLimit, cancellation))
            return Problems.TooManySubmissions(competition, now);

        var id = Guid.NewGuid();
        var key = FileKeys.Combine("submissions", competition.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{id:N}.upload");
        Upload upload;
        try
        {
            upload = await uploads.ReceiveAsync(http, competition.MaxUploadBytes, cancellation);
        }
        catch
        {
            // The client went away mid-upload: nothing was accepted, so the slot goes back.
            await refunds.RefundAsync(competition.Id, userId, day);
            throw;
        }
        if (upload.Problem is not null)
        {
            await refunds.RefundAsync(competition.Id, userId, day);
            return upload.Problem;
        }
        try
        {
            await files.MoveInAsync(key, upload.LocalPath!, cancellation);
        }
        catch
        {
            File.Delete(upload.LocalPath!);
            await refunds.RefundAsync(competition.Id, userId, day);
            throw;
        }
        db.Submissions.Add(new Submission
        {
            Id = id,
            CompetitionId = competition.Id,
            UserId = userId,
            Description = upload.Description,
            FileName = upload.FileName,
            StoredPath = key,
            SizeBytes = upload.Size,
            Status = SubmissionStatus.Queued,
            SubmittedAt = now,
            QuotaDay = day,
            IsLate = competition.Deadline <= now,
        });
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch
        {
            // Not accepted (the answer is a 503 when the database went away): the slot goes back. The stored file is
            // left: deleting it may need the same database (the postgres file store), and no row points at it.
            await refunds.RefundAsync(competition.Id, userId, day);
            throw;
        }
        try
        {
            queue.Enqueue(id);
        }
        catch (Exception e) when (DatabaseUnavailable.IsTransient(e))
        {
            // The row is committed, so the upload is accepted: a 503 now would invite a second copy. The workers'
            // sweep enqueues queued rows whose job never came (ScoringSweep).
            log.LogWarning("Submission {Id}: saved, but its scoring job could not be enqueued ({Reason}); the sweep will", id, e.Message);
        }
        return TypedResults.Accepted($"/api/submissions/{id}", new SubmissionAccepted(id, "queued"));
    }

    /// <summary>The full report for a file, without storing it or counting it against the limit.</summary>
    static async Task<IResult> ValidateAsync(string slug, HttpContext http, ArenaDb db, UploadReader uploads, SolutionCache solutions,
        CancellationToken cancellation)
    {
        var competition = await db.FindVisibleAsync(http, slug, cancellation);
        if (competition is null) return TypedResults.NotFound();
        // Checked where it was received and never stored.
        var upload = await uploads.ReceiveAsync(http, competition.MaxUploadBytes, cancellation);
        if (upload.Problem is not null) return upload.Problem;
        try
        {
            var solution = await solutions.GetAsync(competition, cancellation);
            var check = Arena.Scoring.Reading.SubmissionReader.Read(solution, upload.LocalPath!, competition.MaxDecompressedBytes());
            return TypedResults.Ok(new ValidationReport(check.IsValid, check.ErrorCount, [.. check.Errors.Select(SubmissionMapping.ToDto)]));
        }
        finally
        {
            File.Delete(upload.LocalPath!);
        }
    }

    static async Task<Results<Ok<List<SubmissionView>>, NotFound>> ListOwnAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var userId = http.User.UserId()!.Value;
        var competition = await db.FindVisibleAsync(http, slug, cancellation);
        if (competition is null) return TypedResults.NotFound();
        var revealed = competition.IsPrivateRevealedAt(clock.GetUtcNow().UtcDateTime);
        var own = await db.Submissions.AsNoTracking()
            .Where(s => s.CompetitionId == competition.Id && s.UserId == userId)
            .OrderByDescending(s => s.SubmittedAt)
            .ToListAsync(cancellation);
        var ladder = SubmissionMapping.LadderOf(competition, own);
        return TypedResults.Ok(own.Select(s => SubmissionMapping.ToView(s, competition, revealed, ladder)).ToList());
    }

    /// <summary>Someone else's submission answers 404, the same as one that does not exist.</summary>
    static async Task<Results<Ok<SubmissionView>, NotFound>> GetAsync(Guid id, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var userId = http.User.UserId()!.Value;
        var found = await db.Submissions.AsNoTracking().Include(s => s.Competition)
            .FirstOrDefaultAsync(s => s.Id == id && s.UserId == userId, cancellation);
        if (found is null) return TypedResults.NotFound();
        var competition = found.Competition!;
        var ladder = competition.LadderStep is null ? null : SubmissionMapping.LadderOf(competition,
            await db.Submissions.AsNoTracking().Where(s => s.CompetitionId == competition.Id && s.UserId == userId).ToListAsync(cancellation));
        return TypedResults.Ok(SubmissionMapping.ToView(found, competition, competition.IsPrivateRevealedAt(clock.GetUtcNow().UtcDateTime), ladder));
    }
}

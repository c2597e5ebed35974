using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>Answering the item in hand, and taking the last answer back.</summary>
public static partial class HumanSessionApi
{
    /// <summary>
    /// Records an answer to the item in hand. The same answer again returns the same result (200); a different one for
    /// an answered item is 409 (undo it first). An item that is not the caller's, whether or not it is in the sample,
    /// gets one and the same 409, so the answer says nothing about which items were sampled.
    /// </summary>
    static async Task<IResult> AnswerAsync(string slug, bool? ahead, HttpContext http, ArenaDb db, StudyItemRows rows, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        var annotator = await MineAsync(db, context.Study, http.User.UserId()!.Value, cancellation);
        if (annotator is null) return NotJoined();
        try
        {
            var request = AnswerRequest.Read(await JsonFields.ReadAsync(http.Request, cancellation), context.Study.Classes);
            var held = await db.HumanAssignments.Include(a => a.Item)
                .FirstOrDefaultAsync(a => a.AnnotatorId == annotator.Id && a.Item!.StudyId == context.Study.Id && a.Item.ItemId == request.ItemId, cancellation);
            if (held is null) return NotServed(request.ItemId);
            var now = clock.GetUtcNow().UtcDateTime;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var existing = await db.HumanAnswers.AsNoTracking().FirstOrDefaultAsync(a => a.AssignmentId == held.Id, cancellation);
                if (existing is not null)
                {
                    return request.Matches(existing)
                        ? TypedResults.Ok(await WithNextAsync(AnswerView.Of(existing, held, held.Item!)))
                        : Problems.Conflict($"You have already answered item '{request.ItemId}'. To change the answer, undo it (DELETE .../session/answers/{{itemId}}) while it is your most recent one.");
                }
                if (context.IsClosedAt(now)) return Problems.Conflict("The study is closed.");
                // Answers follow the order items were served in, so the one held ready waits for the one in hand.
                if ((await Assignments.PendingAsync(db, annotator.Id, cancellation)) is [var inHand, ..] && inHand.Assignment.Id != held.Id)
                    return Problems.Conflict($"Answer item '{inHand.Item.ItemId}', the one in hand, before item '{request.ItemId}'.");
                var answer = request.Record(context.Study, held, now, Grace);
                db.HumanAnswers.Add(answer);
                try
                {
                    await db.SaveChangesAsync(cancellation);
                }
                catch (DbUpdateException)
                {
                    db.Entry(answer).State = EntityState.Detached;
                    continue;
                }
                // The item may have been handed to someone else between our read and our write: then the answer goes.
                if (!await db.HumanAssignments.AnyAsync(a => a.Id == held.Id && a.AnnotatorId == annotator.Id, cancellation))
                {
                    await db.HumanAnswers.Where(a => a.Id == answer.Id).ExecuteDeleteAsync(cancellation);
                    return NotServed(request.ItemId);
                }
                if (held.Item!.Kind == HumanItemKind.Test) await StartNextClockAsync(db, annotator.Id, now, cancellation);
                return TypedResults.Ok(await WithNextAsync(AnswerView.Of(answer, held, held.Item!)));
            }
            return Problems.Conflict("The answer could not be recorded; try again.");
        }
        catch (StudyProblem problem)
        {
            return problem.ToResult();
        }

        // A practice answer's feedback comes first; the page then asks for the next item when the member goes on.
        async Task<AnswerView> WithNextAsync(AnswerView view) => ahead == true && view.Kind == "test"
            ? view with { Next = await NextViewAsync(db, rows, context, annotator, ahead: true, clock.GetUtcNow().UtcDateTime, cancellation) }
            : view;
    }

    /// <summary>
    /// The item now in hand was on screen from the moment this answer was given (the page holds it ready), so its time,
    /// and its time limit, count from now rather than from when it was served.
    /// </summary>
    static async Task StartNextClockAsync(ArenaDb db, int annotatorId, DateTime now, CancellationToken cancellation)
    {
        var pending = await Assignments.PendingAsync(db, annotatorId, cancellation);
        if (pending.Count == 0) return;
        var inHand = pending[0].Assignment.Id;
        await db.HumanAssignments.Where(a => a.Id == inHand && a.ServedAt < now).ExecuteUpdateAsync(set => set.SetProperty(a => a.ServedAt, now), cancellation);
    }

    /// <summary>Takes back the caller's most recent answer while the study is open; the item is theirs again, served anew.</summary>
    static async Task<IResult> UndoAsync(string slug, string itemId, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        var annotator = await MineAsync(db, context.Study, http.User.UserId()!.Value, cancellation);
        if (annotator is null) return NotJoined();
        var now = clock.GetUtcNow().UtcDateTime;
        if (context.IsClosedAt(now)) return Problems.Conflict("The study is closed; answers can no longer be undone.");
        var latest = await db.HumanAnswers.Where(a => a.AnnotatorId == annotator.Id).OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellation);
        var latestItem = latest is null ? null : await db.HumanItems.Where(i => i.Id == latest.HumanItemId).Select(i => i.ItemId).FirstAsync(cancellation);
        if (latest is null || latestItem != itemId)
        {
            var answered = await db.HumanAnswers.AnyAsync(a => a.AnnotatorId == annotator.Id
                && db.HumanItems.Any(i => i.Id == a.HumanItemId && i.ItemId == itemId), cancellation);
            return answered
                ? Problems.Conflict("Only your most recent answer can be undone.")
                : Problems.NotFound($"You have no answer to item '{itemId}'.");
        }
        // Served anew, so the time to the next answer is measured from now; both changes or neither.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        await db.HumanAssignments.Where(a => a.Id == latest.AssignmentId).ExecuteUpdateAsync(set => set.SetProperty(a => a.ServedAt, now), cancellation);
        db.HumanAnswers.Remove(latest);
        await db.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return TypedResults.NoContent();
    }
}

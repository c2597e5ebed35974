using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>The item in hand and, when the page asks with <c>?ahead=true</c>, the one behind it.</summary>
public static partial class HumanSessionApi
{
    static async Task<IResult> NextAsync(string slug, bool? ahead, HttpContext http, ArenaDb db, StudyItemRows rows, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        var annotator = await MineAsync(db, context.Study, http.User.UserId()!.Value, cancellation);
        if (annotator is null) return NotJoined();
        var now = clock.GetUtcNow().UtcDateTime;
        if (context.IsClosedAt(now)) return Problems.Conflict("The study is closed.");
        return TypedResults.Ok(await NextViewAsync(db, rows, context, annotator, ahead == true, now, cancellation));
    }

    /// <summary>
    /// The item in hand as the page draws it; with <paramref name="ahead"/> and a test item in hand, also the next one,
    /// served now, so the page can show it the moment the item in hand is answered (its clock starts when that answer
    /// lands).
    /// </summary>
    static async Task<NextItemView> NextViewAsync(ArenaDb db, StudyItemRows rows, StudyContext context, HumanAnnotator annotator, bool ahead,
        DateTime now, CancellationToken cancellation)
    {
        var study = context.Study;
        var inHand = await Assignments.ServeAsync(db, study, annotator, 0, now, cancellation);
        if (inHand is null) return Done(study);
        var view = await ItemViewAsync(db, rows, context, annotator, inHand.Value, now, cancellation);
        // Practice answers show feedback before the next item, so nothing is held ready behind a practice item.
        if (!ahead || inHand.Value.Item.Kind == HumanItemKind.Practice) return view;
        var behind = await Assignments.ServeAsync(db, study, annotator, 1, now, cancellation);
        return view with { Upcoming = behind is null ? Done(study) : await ItemViewAsync(db, rows, context, annotator, behind.Value, now, cancellation) };
    }

    static NextItemView Done(HumanStudy study) => new("done", study.Render, study.Classes, study.SecondsPerItem, null, null);

    static async Task<NextItemView> ItemViewAsync(ArenaDb db, StudyItemRows rows, StudyContext context, HumanAnnotator annotator,
        (HumanAssignment Assignment, HumanItem Item) served, DateTime now, CancellationToken cancellation)
    {
        var study = context.Study;
        var (assignment, item) = served;
        var practice = item.Kind == HumanItemKind.Practice;
        var answered = await db.HumanAnswers.CountAsync(a => a.AnnotatorId == annotator.Id
            && db.HumanItems.Any(i => i.Id == a.HumanItemId && i.Kind == item.Kind), cancellation);
        var pending = await Assignments.PendingAsync(db, annotator.Id, cancellation);
        // Items of the same kind held before this one (the item in hand, when this is the one behind it).
        var before = pending.Count(p => p.Item.Kind == item.Kind && p.Assignment.Position < assignment.Position);
        PositionView position;
        if (practice)
        {
            var total = await db.HumanItems.CountAsync(i => i.StudyId == study.Id && i.Kind == HumanItemKind.Practice, cancellation);
            position = new PositionView(answered + before + 1, total);
        }
        else
        {
            var held = pending.Count(p => p.Item.Kind == HumanItemKind.Test);
            position = new PositionView(answered + before + 1, answered + held + await Assignments.Available(db, study, annotator.Id, now).CountAsync(cancellation));
        }
        var features = await rows.FeaturesAsync(db, context.Competition, study, item, cancellation);
        var expires = study.SecondsPerItem is { } seconds ? assignment.ServedAt.AddSeconds(seconds) : (DateTime?)null;
        return new NextItemView(practice ? "practice" : "test", study.Render, study.Classes, study.SecondsPerItem,
            new ItemView(item.ItemId, practice ? "practice" : "test", features, assignment.ServedAt, expires), position);
    }
}

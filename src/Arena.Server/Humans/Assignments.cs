using Arena.Data;
using Arena.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// Who labels what. An annotator has at most one item in hand: asking again returns it (a reload loses nothing and
/// duplicates nothing). Practice items come first, in the study's order. Then test items in the study's order: the
/// first one that still needs annotators and that this annotator has not had. A test item has one slot per annotator
/// it needs; a slot is free, or held by an answered assignment, or by an unanswered one, which is handed to the next
/// annotator who asks once it is older than <see cref="StudyRecord.HandOverAfter"/>. Items are completed in order,
/// so a study stopped early has whole items. An assignment's position is the annotator's answer count plus one when
/// it is served (undo takes back only the last answer, so positions stay 1, 2, 3, ...). Races are settled by the
/// unique indexes (one holder per slot, one position per annotator): the loser reads again.
/// </summary>
public static class Assignments
{
    const int Attempts = 8;

    /// <summary>The annotator's item in hand (served now if need be), or null when nothing is left for them.</summary>
    public static async Task<(HumanAssignment Assignment, HumanItem Item)?> NextAsync(ArenaDb db, HumanStudy study, HumanAnnotator annotator,
        DateTime now, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await PendingAsync(db, annotator.Id, cancellation) is { } pending) return pending;
            // One past the answers: an item in hand holds exactly that position, so the unique (annotator, position)
            // index refuses a second item in hand to a racing tab, which then reads the first one back.
            var position = await db.HumanAnswers.CountAsync(a => a.AnnotatorId == annotator.Id, cancellation) + 1;
            var practice = await db.HumanItems
                .Where(i => i.StudyId == study.Id && i.Kind == HumanItemKind.Practice
                    && !db.HumanAssignments.Any(a => a.AnnotatorId == annotator.Id && a.HumanItemId == i.Id))
                .OrderBy(i => i.Order).FirstOrDefaultAsync(cancellation);
            if (practice is not null)
            {
                if (await TryInsertAsync(db, new HumanAssignment
                    {
                        StudyId = study.Id, HumanItemId = practice.Id, AnnotatorId = annotator.Id, Position = position, ServedAt = now,
                    }, cancellation) is { } served)
                    return (served, practice);
                continue;
            }
            var item = await Available(db, study, annotator.Id, now).OrderBy(i => i.Order).FirstOrDefaultAsync(cancellation);
            if (item is null) return null;
            if (await TakeSlotAsync(db, study, item, annotator.Id, position, now, cancellation) is { } taken) return (taken, item);
        }
        throw new DbUpdateConcurrencyException("could not serve an item after several attempts; too many annotators at once");
    }

    /// <summary>Test items this annotator has not had whose slots are not all held by an answer or a recent serving.</summary>
    public static IQueryable<HumanItem> Available(ArenaDb db, HumanStudy study, int annotatorId, DateTime now)
    {
        var handOver = now - StudyRecord.HandOverAfter;
        return db.HumanItems.Where(i => i.StudyId == study.Id && i.Kind == HumanItemKind.Test
            && !db.HumanAssignments.Any(a => a.AnnotatorId == annotatorId && a.HumanItemId == i.Id)
            && db.HumanAssignments.Count(a => a.HumanItemId == i.Id
                && (a.ServedAt > handOver || db.HumanAnswers.Any(x => x.AssignmentId == a.Id))) < study.AnnotatorsPerItem);
    }

    /// <summary>The unanswered assignment this annotator holds, if any.</summary>
    public static async Task<(HumanAssignment, HumanItem)?> PendingAsync(ArenaDb db, int annotatorId, CancellationToken cancellation)
    {
        var pending = await db.HumanAssignments.Include(a => a.Item)
            .Where(a => a.AnnotatorId == annotatorId && !db.HumanAnswers.Any(x => x.AssignmentId == a.Id))
            .OrderBy(a => a.Position).FirstOrDefaultAsync(cancellation);
        return pending is null ? null : (pending, pending.Item!);
    }

    /// <summary>A free slot, else the oldest unanswered assignment past the hand-over time, taken only if it is unchanged and still unanswered.</summary>
    static async Task<HumanAssignment?> TakeSlotAsync(ArenaDb db, HumanStudy study, HumanItem item, int annotatorId, int position, DateTime now,
        CancellationToken cancellation)
    {
        var held = await db.HumanAssignments.AsNoTracking().Where(a => a.HumanItemId == item.Id)
            .Select(a => new { a.Id, a.Slot, a.AnnotatorId, a.ServedAt, Answered = db.HumanAnswers.Any(x => x.AssignmentId == a.Id) })
            .ToListAsync(cancellation);
        var free = Enumerable.Range(0, study.AnnotatorsPerItem).Where(s => held.All(h => h.Slot != s)).Select(s => (int?)s).FirstOrDefault();
        if (free is not null)
        {
            return await TryInsertAsync(db, new HumanAssignment
            {
                StudyId = study.Id, HumanItemId = item.Id, AnnotatorId = annotatorId, Slot = free, Position = position, ServedAt = now,
            }, cancellation);
        }
        var handOver = now - StudyRecord.HandOverAfter;
        var stale = held.Where(h => !h.Answered && h.ServedAt <= handOver).OrderBy(h => h.ServedAt).FirstOrDefault();
        if (stale is null) return null;
        try
        {
            var taken = await db.HumanAssignments
                .Where(a => a.Id == stale.Id && a.AnnotatorId == stale.AnnotatorId && a.ServedAt == stale.ServedAt
                    && !db.HumanAnswers.Any(x => x.AssignmentId == a.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.AnnotatorId, annotatorId).SetProperty(a => a.Position, position)
                    .SetProperty(a => a.ServedAt, now), cancellation);
            if (taken == 0) return null;
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            return null;
        }
        return await db.HumanAssignments.AsNoTracking().FirstAsync(a => a.Id == stale.Id, cancellation);
    }

    static async Task<HumanAssignment?> TryInsertAsync(ArenaDb db, HumanAssignment assignment, CancellationToken cancellation)
    {
        db.HumanAssignments.Add(assignment);
        try
        {
            await db.SaveChangesAsync(cancellation);
            return assignment;
        }
        catch (DbUpdateException)
        {
            db.Entry(assignment).State = EntityState.Detached;
            return null;
        }
    }
}

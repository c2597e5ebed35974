using Arena.Data;
using Arena.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// Who labels what. An annotator has one item in hand, and the labelling page may hold one more ready behind it, so
/// the next image shows the moment an answer is given: asking again returns them (a reload loses nothing and
/// duplicates nothing). Practice items come first, in the study's order. Then test items in the study's order: the
/// first one that still needs annotators and that this annotator has not had. A test item has one slot per annotator
/// it needs; a slot is free, or held by an answered assignment, or by an unanswered one, which is handed to the next
/// annotator who asks once it is older than <see cref="StudyRecord.HandOverAfter"/>. Items are completed in order,
/// so a study stopped early has whole items. An assignment's position is one past the annotator's last one when it is
/// served, and answers follow positions (undo takes back only the last answer). Races are settled by the
/// unique indexes (one holder per slot, one position per annotator): the loser reads again.
/// </summary>
public static class Assignments
{
    const int Attempts = 8;

    /// <summary>The annotator's item in hand (served now if need be), or null when nothing is left for them.</summary>
    public static Task<(HumanAssignment Assignment, HumanItem Item)?> NextAsync(ArenaDb db, HumanStudy study, HumanAnnotator annotator,
        DateTime now, CancellationToken cancellation) => ServeAsync(db, study, annotator, 0, now, cancellation);

    /// <summary>
    /// The annotator's unanswered assignment at <paramref name="index"/> in their order (0 is the item in hand, 1 the
    /// one the page holds ready behind it), serving new items until there is one, or null when nothing is left.
    /// </summary>
    public static async Task<(HumanAssignment Assignment, HumanItem Item)?> ServeAsync(ArenaDb db, HumanStudy study, HumanAnnotator annotator,
        int index, DateTime now, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // The annotator's assignments in one read, so the position below fits the items in hand read with it.
            var mine = await db.HumanAssignments.AsNoTracking().Where(a => a.AnnotatorId == annotator.Id)
                .Select(a => new { a.Id, a.Position, Answered = db.HumanAnswers.Any(x => x.AssignmentId == a.Id) }).ToListAsync(cancellation);
            var unanswered = mine.Where(a => !a.Answered).OrderBy(a => a.Position).Select(a => a.Id).ToList();
            if (unanswered.Count > index)
            {
                var id = unanswered[index];
                var held = await db.HumanAssignments.AsNoTracking().Include(a => a.Item).FirstOrDefaultAsync(a => a.Id == id && a.AnnotatorId == annotator.Id, cancellation);
                if (held is not null) return (held, held.Item!);
                continue; // handed to someone else in between
            }
            // One past the annotator's last position: a racing tab that read the same assignments picks the same one, and
            // the unique (annotator, position) index refuses the second, which then reads the first back. The last
            // position, not the count, because an item handed over to someone else leaves a gap.
            var position = mine.Select(a => a.Position).DefaultIfEmpty(0).Max() + 1;
            var practice = await db.HumanItems
                .Where(i => i.StudyId == study.Id && i.Kind == HumanItemKind.Practice
                    && !db.HumanAssignments.Any(a => a.AnnotatorId == annotator.Id && a.HumanItemId == i.Id))
                .OrderBy(i => i.Order).FirstOrDefaultAsync(cancellation);
            if (practice is not null)
            {
                await TryInsertAsync(db, new HumanAssignment
                {
                    StudyId = study.Id, HumanItemId = practice.Id, AnnotatorId = annotator.Id, Position = position, ServedAt = now,
                }, cancellation);
                continue;
            }
            var item = await Available(db, study, annotator.Id, now).OrderBy(i => i.Order).FirstOrDefaultAsync(cancellation);
            if (item is null) return null;
            await TakeSlotAsync(db, study, item, annotator.Id, position, now, cancellation);
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

    /// <summary>The annotator's unanswered assignments in their order: the first is the item in hand.</summary>
    public static async Task<List<(HumanAssignment Assignment, HumanItem Item)>> PendingAsync(ArenaDb db, int annotatorId, CancellationToken cancellation)
    {
        var pending = await db.HumanAssignments.AsNoTracking().Include(a => a.Item)
            .Where(a => a.AnnotatorId == annotatorId && !db.HumanAnswers.Any(x => x.AssignmentId == a.Id))
            .OrderBy(a => a.Position).ToListAsync(cancellation);
        return [.. pending.Select(a => (a, a.Item!))];
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

using System.Globalization;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Humans;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// Everything stored about a study, read in one go (a study is a few thousand rows at most), and the human baseline
/// computed from it with Arena.Scoring's <see cref="HumanBaseline"/> every time: no figure is cached.
/// </summary>
public sealed class StudyRecord
{
    /// <summary>An unanswered assignment older than this may be handed to someone else.</summary>
    public static readonly TimeSpan HandOverAfter = TimeSpan.FromMinutes(30);

    public const string ExpiredSkip = "expired";

    public required HumanStudy Study { get; init; }
    public required IReadOnlyList<HumanItem> Items { get; init; }
    public required IReadOnlyList<(HumanAnnotator Annotator, string? UserName)> Annotators { get; init; }
    public required IReadOnlyList<HumanAssignment> Assignments { get; init; }
    public required IReadOnlyList<HumanAnswer> Answers { get; init; }

    public IEnumerable<HumanItem> TestItems => Items.Where(i => i.Kind == HumanItemKind.Test);
    public IEnumerable<HumanItem> PracticeItems => Items.Where(i => i.Kind == HumanItemKind.Practice);

    public static async Task<StudyRecord> LoadAsync(ArenaDb db, HumanStudy study, CancellationToken cancellation)
    {
        var items = await db.HumanItems.AsNoTracking().Where(i => i.StudyId == study.Id).ToListAsync(cancellation);
        var annotators = await db.HumanAnnotators.AsNoTracking().Where(a => a.StudyId == study.Id)
            .Select(a => new { Annotator = a, UserName = a.User == null ? null : a.User.UserName }).ToListAsync(cancellation);
        var assignments = await db.HumanAssignments.AsNoTracking().Where(a => a.StudyId == study.Id).ToListAsync(cancellation);
        var answers = await db.HumanAnswers.AsNoTracking().Where(a => a.StudyId == study.Id).ToListAsync(cancellation);
        return new StudyRecord
        {
            Study = study,
            Items = [.. items.OrderBy(i => i.Kind).ThenBy(i => i.Order)],
            Annotators = [.. annotators.OrderBy(a => a.Annotator.Number).Select(a => (a.Annotator, a.UserName))],
            Assignments = [.. assignments.OrderBy(a => a.AnnotatorId).ThenBy(a => a.Position)],
            Answers = [.. answers.OrderBy(a => a.Id)],
        };
    }

    /// <summary>Every test item has its annotators' answers: nothing is left to hand out.</summary>
    public bool IsComplete => TestItems.All(i => Answers.Count(a => a.HumanItemId == i.Id) >= Study.AnnotatorsPerItem);

    /// <summary>An annotator's practice answers and how many were right (a skip is wrong).</summary>
    public (int Answered, int Correct) Practice(int annotatorId)
    {
        var gold = PracticeItems.ToDictionary(i => i.Id, i => i.GoldLabel);
        var answers = Answers.Where(a => a.AnnotatorId == annotatorId && gold.ContainsKey(a.HumanItemId)).ToList();
        return (answers.Count, answers.Count(a => a.Label == gold[a.HumanItemId]));
    }

    public static double? Accuracy((int Answered, int Correct) practice) =>
        practice.Answered == 0 ? null : (double)practice.Correct / practice.Answered;

    /// <summary>How annotators are named everywhere except to organizers.</summary>
    public static string Pseudonym(int number) => string.Create(CultureInfo.InvariantCulture, $"Annotator {number}");

    /// <summary>The id the scoring library sorts by: zero-padded, so that ordinal order is numeric order.</summary>
    static string ScoringId(int number) => number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// The study's responses as the scoring library takes them: every answer to a test item (a late label counts as
    /// its <c>time-up</c> skip), and, once the study is closed at <paramref name="closedAt"/>, each annotator's test item
    /// in hand as an <c>expired</c> skip whose time is the wait until the close, at most <see cref="HandOverAfter"/>.
    /// </summary>
    public IReadOnlyList<HumanResponse> TestResponses(DateTime? closedAt)
    {
        var numbers = Annotators.ToDictionary(a => a.Annotator.Id, a => a.Annotator.Number);
        var tests = TestItems.ToDictionary(i => i.Id);
        var assignments = Assignments.ToDictionary(a => a.Id);
        var responses = Answers.Where(a => tests.ContainsKey(a.HumanItemId)).Select(a => new HumanResponse(
            tests[a.HumanItemId].ItemId, ScoringId(numbers[a.AnnotatorId]), a.Label, a.SkipReason, a.ServerMilliseconds,
            assignments[a.AssignmentId].Position)).ToList();
        if (closedAt is { } closed)
        {
            var answered = Answers.Select(a => a.AssignmentId).ToHashSet();
            // Only each annotator's item in hand was on their screen; one the page held ready behind it never was.
            var inHand = Assignments.Where(a => !answered.Contains(a.Id)).GroupBy(a => a.AnnotatorId).Select(g => g.MinBy(a => a.Position)!);
            responses.AddRange(inHand.Where(a => tests.ContainsKey(a.HumanItemId)).Select(a => HumanResponse.Skip(
                tests[a.HumanItemId].ItemId, ScoringId(numbers[a.AnnotatorId]), ExpiredSkip,
                (long)Math.Clamp((closed - a.ServedAt).TotalMilliseconds, 0, HandOverAfter.TotalMilliseconds), a.Position)));
        }
        return responses;
    }

    /// <summary>The baseline over the test items that have a response; null before the first one.</summary>
    public StudyOutcome? Compute(DateTime? closedAt)
    {
        var responses = TestResponses(closedAt);
        if (responses.Count == 0) return null;
        var answeredIds = responses.Select(r => r.ItemId).ToHashSet(StringComparer.Ordinal);
        var items = TestItems.Where(i => answeredIds.Contains(i.ItemId)).Select(i => new HumanStudyItem(i.ItemId, i.GoldLabel)).ToList();
        var panel = HumanPanel.Create(items, responses);
        var aggregation = StudySettings.ToScoring(Study.Aggregation);
        return new StudyOutcome(panel, HumanBaseline.Compute(panel, aggregation), items, responses);
    }

    /// <summary>An annotator's number from the scoring library's id.</summary>
    public static int NumberOf(string scoringId) => int.Parse(scoringId, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>A computed baseline: the library's panel and result, and the items and responses they were made from.</summary>
public sealed record StudyOutcome(HumanPanel Panel, HumanBaselineResult Result, IReadOnlyList<HumanStudyItem> Items, IReadOnlyList<HumanResponse> Responses)
{
    /// <summary>
    /// Per test item: how many responses, how many right, how many skips, and (for a majority study) whether the
    /// item's majority is right, computed by the library on that item alone.
    /// </summary>
    public IReadOnlyList<ItemTally> ItemTallies(HumanAggregation aggregation)
    {
        var gold = Items.ToDictionary(i => i.ItemId, i => i.GoldLabel, StringComparer.Ordinal);
        return [.. Responses.GroupBy(r => r.ItemId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var responses = g.ToList();
            var right = responses.Count(r => r.Label == gold[g.Key]);
            bool? majority = aggregation == HumanAggregation.MajorityOfK
                ? HumanBaseline.Compute([new HumanStudyItem(g.Key, gold[g.Key])], responses, HumanAggregation.MajorityOfK).Score == 1
                : null;
            return new ItemTally(g.Key, responses.Count, right, responses.Count(r => r.IsSkip), majority);
        })];
    }
}

public sealed record ItemTally(string ItemId, int Responses, int Correct, int Skipped, bool? MajorityCorrect);

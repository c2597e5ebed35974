using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// A signed-in user who may see the competition labels its study's items: join (once; one annotator per user), take
/// the next item, answer it, undo the last answer. While the competition is open nothing here tells a test item's
/// gold label or whether a test answer was right; practice answers get both.
/// </summary>
public static partial class HumanSessionApi
{
    /// <summary>What a skip may give as its reason; <c>time-up</c> is what the page sends when the time limit runs out.</summary>
    public static readonly string[] SkipReasons = ["unsure", "label-looks-wrong", "time-up"];

    /// <summary>Network and rendering slack on top of the time limit before a label counts as late.</summary>
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public static void MapHumanSessions(this RouteGroupBuilder study)
    {
        study.MapPost("/session", JoinAsync);
        study.MapGet("/session", GetAsync);
        study.MapGet("/session/next", NextAsync);
        study.MapPost("/session/answers", AnswerAsync);
        study.MapDelete("/session/answers/{itemId}", UndoAsync);
    }

    /// <summary>201 for a new annotator; 200 with the existing one (unchanged) when the user has joined before.</summary>
    static async Task<IResult> JoinAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        var userId = http.User.UserId()!.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var body = await JsonFields.ReadAsync(http.Request, cancellation);
            JsonFields.OnlyKnown(body, "expertise", "sawTrainingData");
            var expertiseText = JsonFields.String(body, "expertise") ?? throw new StudyProblem("expertise", "required: novice, some or expert.");
            var expertise = Enum.GetNames<AnnotatorExpertise>().FirstOrDefault(n => string.Equals(n, expertiseText, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse<AnnotatorExpertise>(name)
                : throw new StudyProblem("expertise", $"'{expertiseText}' is not novice, some or expert.");
            var saw = JsonFields.Bool(body, "sawTrainingData") ?? throw new StudyProblem("sawTrainingData", "required: true or false.");
            for (var attempt = 0; attempt < 5; attempt++)
            {
                if (await MineAsync(db, context.Study, userId, cancellation) is { } existing)
                    return TypedResults.Ok(await SessionAsync(db, context, existing, now, cancellation));
                if (context.IsClosedAt(now)) return Problems.Conflict("The study is closed.");
                var number = (await db.HumanAnnotators.Where(a => a.StudyId == context.Study.Id).MaxAsync(a => (int?)a.Number, cancellation) ?? 0) + 1;
                var annotator = new HumanAnnotator
                {
                    StudyId = context.Study.Id, UserId = userId, Number = number, Expertise = expertise, SawTrainingData = saw, JoinedAt = now,
                };
                db.HumanAnnotators.Add(annotator);
                try
                {
                    await db.SaveChangesAsync(cancellation);
                    return TypedResults.Created($"/api/competitions/{slug}/human-study/session", await SessionAsync(db, context, annotator, now, cancellation));
                }
                catch (DbUpdateException)
                {
                    // Another tab of this user joined, or someone took the number: read again.
                    db.Entry(annotator).State = EntityState.Detached;
                }
            }
            return Problems.Conflict("Too many people are joining at once; try again.");
        }
        catch (StudyProblem problem)
        {
            return problem.ToResult();
        }
    }

    static async Task<IResult> GetAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (context, refusal) = await db.FindStudyAsync(http, slug, cancellation);
        if (context is null) return refusal!;
        var annotator = await MineAsync(db, context.Study, http.User.UserId()!.Value, cancellation);
        return annotator is null
            ? NotJoined()
            : TypedResults.Ok(await SessionAsync(db, context, annotator, clock.GetUtcNow().UtcDateTime, cancellation));
    }

    static Task<HumanAnnotator?> MineAsync(ArenaDb db, HumanStudy study, Guid userId, CancellationToken cancellation) =>
        db.HumanAnnotators.AsNoTracking().FirstOrDefaultAsync(a => a.StudyId == study.Id && a.UserId == userId, cancellation);

    static async Task<SessionView> SessionAsync(ArenaDb db, StudyContext context, HumanAnnotator annotator, DateTime now, CancellationToken cancellation)
    {
        var kinds = await db.HumanItems.Where(i => i.StudyId == context.Study.Id).GroupBy(i => i.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync(cancellation);
        var answered = await db.HumanAnswers.Where(a => a.AnnotatorId == annotator.Id).Join(db.HumanItems, a => a.HumanItemId, i => i.Id, (a, i) => i.Kind)
            .GroupBy(k => k).Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync(cancellation);
        int Count<T>(IEnumerable<T> groups, Func<T, HumanItemKind> kind, Func<T, int> count, HumanItemKind wanted) =>
            groups.Where(g => kind(g) == wanted).Sum(count);
        return new SessionView(StudyRecord.Pseudonym(annotator.Number), annotator.Expertise.ToString().ToLowerInvariant(), annotator.SawTrainingData,
            annotator.JoinedAt, context.IsClosedAt(now) ? "closed" : "open",
            Count(answered, a => a.Kind, a => a.Count, HumanItemKind.Practice), Count(kinds, k => k.Kind, k => k.Count, HumanItemKind.Practice),
            Count(answered, a => a.Kind, a => a.Count, HumanItemKind.Test));
    }

    static IResult NotJoined() => Problems.Conflict("You have not joined this study: POST .../human-study/session with your expertise first.");

    static IResult NotServed(string itemId) =>
        Problems.Conflict($"Item '{itemId}' is not an item you were served (or it was handed to someone else after {StudyRecord.HandOverAfter.TotalMinutes:0} minutes): ask for the next item.");
}

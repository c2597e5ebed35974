using System.Text.Json.Nodes;
using Arena.Data.Entities;

namespace Arena.Server.Humans;

/// <summary>
/// <c>{itemId, label | skip, elapsedMs, position}</c>: a label from the study's classes, or a skip with its reason;
/// the page's own measure of the time spent, in milliseconds; and its own count of the item's position (optional).
/// </summary>
public sealed record AnswerRequest(string ItemId, string? Label, string? Skip, long ElapsedMilliseconds, int? Position)
{
    const long MaxElapsed = 24L * 3600 * 1000;

    /// <summary>Throws <see cref="StudyProblem"/> naming the field.</summary>
    public static AnswerRequest Read(JsonObject body, IReadOnlyList<string> classes)
    {
        JsonFields.OnlyKnown(body, "itemId", "label", "skip", "elapsedMs", "position");
        var itemId = JsonFields.String(body, "itemId");
        if (string.IsNullOrEmpty(itemId)) throw new StudyProblem("itemId", "required: the id of the item you answer.");
        var label = JsonFields.String(body, "label");
        var skip = JsonFields.String(body, "skip");
        if ((label is null) == (skip is null))
            throw new StudyProblem("label", "give either a 'label' or a 'skip' reason (unsure, label-looks-wrong, time-up), not both or neither.");
        if (label is not null && !classes.Contains(label, StringComparer.Ordinal))
            throw new StudyProblem("label", $"'{label}' is not one of the study's classes (the 'classes' of the item).");
        if (skip is not null && !HumanSessionApi.SkipReasons.Contains(skip, StringComparer.Ordinal))
            throw new StudyProblem("skip", $"'{skip}' is not a skip reason: use {string.Join(", ", HumanSessionApi.SkipReasons)}.");
        var elapsed = JsonFields.Long(body, "elapsedMs") ?? throw new StudyProblem("elapsedMs", "required: the milliseconds the page measured.");
        if (elapsed is < 0 or > MaxElapsed) throw new StudyProblem("elapsedMs", $"must lie between 0 and {MaxElapsed} (a day), not {elapsed}.");
        var position = JsonFields.Int(body, "position");
        if (position < 1) throw new StudyProblem("position", $"must be 1 or more, not {position}.");
        return new AnswerRequest(itemId, label, skip, elapsed, position);
    }

    /// <summary>The same answer as the one stored: a repeated post (a late label is still that label).</summary>
    public bool Matches(HumanAnswer stored) => Label is not null
        ? Label == stored.Label || Label == stored.LateLabel
        : Skip == stored.SkipReason && stored.LateLabel is null;

    /// <summary>A label given after the time limit and its grace is kept, but counts as a <c>time-up</c> skip.</summary>
    public HumanAnswer Record(HumanStudy study, HumanAssignment assignment, DateTime now, TimeSpan grace)
    {
        var late = Label is not null && study.SecondsPerItem is { } seconds && now > assignment.ServedAt.AddSeconds(seconds) + grace;
        return new HumanAnswer
        {
            StudyId = study.Id, AssignmentId = assignment.Id, AnnotatorId = assignment.AnnotatorId, HumanItemId = assignment.HumanItemId,
            Label = late ? null : Label, SkipReason = late ? "time-up" : Skip, LateLabel = late ? Label : null,
            ServerMilliseconds = Math.Max(0, (long)(now - assignment.ServedAt).TotalMilliseconds), ClientMilliseconds = ElapsedMilliseconds,
            ClientPosition = Position, AnsweredAt = now,
        };
    }
}

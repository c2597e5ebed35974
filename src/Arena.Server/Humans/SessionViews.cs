using System.Text.Json.Serialization;
using Arena.Data.Entities;

namespace Arena.Server.Humans;

/// <summary>The caller's part in a study: their pseudonym and how far they are.</summary>
public sealed record SessionView(string Annotator, string Expertise, bool SawTrainingData, DateTime JoinedAt, string Status,
    int PracticeAnswered, int PracticeItems, int TestAnswered);

/// <summary>
/// What the labelling page needs for the next item. <see cref="Phase"/> is <c>practice</c>, <c>test</c> or <c>done</c>
/// (nothing left for this annotator; <see cref="Item"/> and <see cref="Position"/> are then null). Asked for with
/// <c>?ahead=true</c>, <see cref="Upcoming"/> is the item after this one (or <c>done</c>), already served.
/// </summary>
public sealed record NextItemView(string Phase, string Render, IReadOnlyList<string> Classes, int? SecondsPerItem, ItemView? Item, PositionView? Position)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NextItemView? Upcoming { get; init; }
}

/// <summary>
/// An item to label: its feature values by column name (test.csv's columns, in order; for practice the same columns
/// from train.csv), when it was served, and when its time runs out (with a time limit).
/// </summary>
public sealed record ItemView(string ItemId, string Kind, IReadOnlyDictionary<string, string> Features, DateTime ServedAt, DateTime? ExpiresAt);

/// <summary>
/// "Index of Of" for this annotator in the current phase. Practice: of the study's practice items. Test: Of is the
/// test items this annotator has answered, plus the one in hand, plus those they could still be given now (items that
/// still need annotators and that they have not had); it can shrink as other annotators take items, never grow.
/// </summary>
public sealed record PositionView(int Index, int Of);

/// <summary>
/// An answer as recorded. A label given after the time limit is recorded as a <c>time-up</c> skip, with the label in
/// <see cref="LateLabel"/>. Practice answers carry the gold label and whether the answer was right; test answers
/// never do. Recorded with <c>?ahead=true</c>, <see cref="Next"/> is what <c>GET .../session/next?ahead=true</c> would
/// now give, so the page needs one request per item.
/// </summary>
public sealed record AnswerView(
    string ItemId, string Kind, string? Label, string? Skip,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LateLabel,
    long ServerMilliseconds, long ClientMilliseconds, DateTime ServedAt, DateTime AnsweredAt, int Position,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GoldLabel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Correct)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NextItemView? Next { get; init; }

    public static AnswerView Of(HumanAnswer answer, HumanAssignment assignment, HumanItem item)
    {
        var practice = item.Kind == HumanItemKind.Practice;
        return new AnswerView(item.ItemId, practice ? "practice" : "test", answer.Label, answer.SkipReason, answer.LateLabel,
            answer.ServerMilliseconds, answer.ClientMilliseconds, assignment.ServedAt, answer.AnsweredAt, assignment.Position,
            practice ? item.GoldLabel : null, practice ? answer.Label == item.GoldLabel : null);
    }
}

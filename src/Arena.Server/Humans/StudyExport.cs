using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Arena.Data.Entities;
using Arena.Scoring.Humans;

namespace Arena.Server.Humans;

/// <summary>
/// The whole record of a study as one JSON document: protocol, seed, split hash, every item with its gold label and
/// order, every annotator (with user name: the export is for organizers), every assignment (answered or not) and
/// every response with its times and order, and the results computed from them. <c>POST .../human-study/import</c>
/// takes the same document back and rebuilds the same record, so exporting again gives the same bytes.
/// </summary>
public sealed record StudyExportDocument(
    string? Format, int ProtocolVersion, string? Competition, string? Status, int Seed, int RequestedSampleSize, string? SplitHash,
    bool Provisional, string? Scoring, string? Render, IReadOnlyList<string>? Classes, int AnnotatorsPerItem, string? Aggregation,
    int? SecondsPerItem, string? TrainLabelColumn, DateTime CreatedAt, DateTime? ClosedAt,
    IReadOnlyList<ExportItem>? Items, IReadOnlyList<ExportAnnotator>? Annotators, IReadOnlyList<ExportAssignment>? Assignments,
    IReadOnlyList<ExportResponse>? Responses, StudyResults? Results)
{
    public const string FormatName = "arena-human-study";

    /// <summary>Fixed options: the same record always serialises to the same bytes; import refuses unknown fields.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static StudyExportDocument Of(StudyContext context, StudyRecord record, DateTime now)
    {
        var study = record.Study;
        var items = record.Items.ToDictionary(i => i.Id);
        var numbers = record.Annotators.ToDictionary(a => a.Annotator.Id, a => a.Annotator.Number);
        var assignments = record.Assignments.ToDictionary(a => a.Id);
        var answered = record.Answers.Select(a => a.AssignmentId).ToHashSet();
        var status = StudyView.StatusOf(context, record, now);
        var closedAt = context.IsClosedAt(now) ? study.ClosedAt ?? context.Competition.Deadline : null;
        var results = StudyResults.Of(record, status, closedAt, details: true, names: true);
        return new StudyExportDocument(FormatName, study.ProtocolVersion, context.Competition.Slug, status, study.Seed, study.RequestedSampleSize,
            study.SplitHash, record.TestItems.Count() < StratifiedSample.ProvisionalBelow, StudyView.ScoringRule, study.Render, study.Classes,
            study.AnnotatorsPerItem, StudySettings.Name(study.Aggregation), study.SecondsPerItem, study.TrainLabelColumn, study.CreatedAt, study.ClosedAt,
            [.. record.Items.Select(i => new ExportItem(i.ItemId, Kind(i.Kind), i.Order, i.GoldLabel))],
            [.. record.Annotators.Select(a => new ExportAnnotator(a.Annotator.Number, StudyRecord.Pseudonym(a.Annotator.Number), a.UserName,
                a.Annotator.Expertise.ToString().ToLowerInvariant(), a.Annotator.SawTrainingData, a.Annotator.JoinedAt,
                StudyRecord.Accuracy(record.Practice(a.Annotator.Id))))],
            [.. record.Assignments.OrderBy(a => numbers[a.AnnotatorId]).ThenBy(a => a.Position).Select(a => new ExportAssignment(
                items[a.HumanItemId].ItemId, numbers[a.AnnotatorId], a.Slot, a.Position, a.ServedAt, answered.Contains(a.Id)))],
            [.. record.Answers.Select(a => (Answer: a, Assignment: assignments[a.AssignmentId]))
                .OrderBy(p => numbers[p.Answer.AnnotatorId]).ThenBy(p => p.Assignment.Position)
                .Select(p => new ExportResponse(items[p.Answer.HumanItemId].ItemId, Kind(items[p.Answer.HumanItemId].Kind), numbers[p.Answer.AnnotatorId],
                    p.Answer.Label, p.Answer.SkipReason, p.Answer.LateLabel, p.Assignment.ServedAt, p.Answer.AnsweredAt, p.Answer.ServerMilliseconds,
                    p.Answer.ClientMilliseconds, p.Assignment.Position, p.Answer.ClientPosition))],
            results);
    }

    public static string Kind(HumanItemKind kind) => kind == HumanItemKind.Practice ? "practice" : "test";

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>
    /// One row per response, with the item's gold label and whether the response was right, for a spreadsheet. Text
    /// cells are guarded against formulas as the leaderboard's CSV is (OWASP's CSV-injection rule).
    /// </summary>
    public string ToCsv()
    {
        var gold = Items!.ToDictionary(i => i.ItemId!, i => i.GoldLabel!, StringComparer.Ordinal);
        var annotators = Annotators!.ToDictionary(a => a.Number);
        var csv = new StringBuilder("itemId,kind,annotator,userName,expertise,sawTrainingData,label,skipReason,lateLabel,goldLabel,correct," +
            "servedAt,answeredAt,serverMilliseconds,clientMilliseconds,position,clientPosition\n");
        foreach (var r in Responses!)
        {
            var a = annotators[r.Annotator];
            csv.Append(Cell(r.ItemId!)).Append(',').Append(r.Kind).Append(',').Append(Cell(a.Annotator!)).Append(',').Append(Cell(a.UserName ?? ""))
                .Append(',').Append(a.Expertise).Append(',').Append(a.SawTrainingData ? "true" : "false").Append(',')
                .Append(Cell(r.Label ?? "")).Append(',').Append(r.SkipReason).Append(',').Append(Cell(r.LateLabel ?? "")).Append(',')
                .Append(Cell(gold[r.ItemId!])).Append(',').Append(r.Label == gold[r.ItemId!] ? "true" : "false").Append(',')
                .Append(Time(r.ServedAt)).Append(',').Append(Time(r.AnsweredAt)).Append(',')
                .Append(r.ServerMilliseconds.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.ClientMilliseconds.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Position.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.ClientPosition?.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return csv.ToString();
    }

    static string Time(DateTime t) => t.ToString("O", CultureInfo.InvariantCulture);

    static string Cell(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}

public sealed record ExportItem(string? ItemId, string? Kind, int Order, string? GoldLabel);

public sealed record ExportAnnotator(int Number, string? Annotator, string? UserName, string? Expertise, bool SawTrainingData, DateTime JoinedAt,
    double? PracticeAccuracy);

public sealed record ExportAssignment(string? ItemId, int Annotator, int? Slot, int Position, DateTime ServedAt, bool Answered);

public sealed record ExportResponse(string? ItemId, string? Kind, int Annotator, string? Label, string? SkipReason, string? LateLabel,
    DateTime ServedAt, DateTime AnsweredAt, long ServerMilliseconds, long ClientMilliseconds, int Position, int? ClientPosition);

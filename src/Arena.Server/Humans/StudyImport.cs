using System.Globalization;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Humans;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Humans;

/// <summary>
/// Rebuilds a study from its export. The document is checked against the competition as it is now (the same
/// classes, each test item a scored row with the same gold label, each practice item a train.csv row with the same
/// label, the split hash of the test ids) and against itself (orders, slots, positions, one answer per assignment),
/// so an import can only reproduce a record that could have been made here. Annotators are matched to users by
/// name; a name not found here becomes an annotator without an account. Results and status are derived, never read.
/// </summary>
public static class StudyImport
{
    /// <summary>Throws <see cref="StudyProblem"/> naming the first field that is wrong.</summary>
    public static async Task<Imported> BuildAsync(StudyExportDocument doc, StudyFiles files, ArenaDb db, Guid? importedBy,
        CancellationToken cancellation)
    {
        if (doc.Format != StudyExportDocument.FormatName) throw new StudyProblem("format", $"must be '{StudyExportDocument.FormatName}'.");
        if (doc.ProtocolVersion != HumanStudy.CurrentProtocolVersion)
            throw new StudyProblem("protocolVersion", $"this server reads protocol version {HumanStudy.CurrentProtocolVersion}, not {doc.ProtocolVersion}.");
        var items = doc.Items ?? throw new StudyProblem("items", "required.");
        var annotators = doc.Annotators ?? throw new StudyProblem("annotators", "required.");
        var assignments = doc.Assignments ?? throw new StudyProblem("assignments", "required.");
        var responses = doc.Responses ?? throw new StudyProblem("responses", "required.");
        var practiceCount = items.Count(i => i?.Kind == "practice");
        var settings = new StudySettings(doc.Render ?? "", doc.RequestedSampleSize, doc.Seed, practiceCount, doc.AnnotatorsPerItem,
            StudySettings.ParseAggregation(doc.Aggregation), doc.SecondsPerItem);
        var render = settings.Check();

        var data = StudyData.Read(files, cancellation);
        StudyDesign.CheckRender(render, data.FeatureColumns);
        if (doc.Classes is null || !doc.Classes.SequenceEqual(data.Classes, StringComparer.Ordinal))
            throw new StudyProblem("classes", $"must be this competition's classes: {string.Join(", ", data.Classes)}.");
        if (doc.TrainLabelColumn != data.TrainLabelColumn)
            throw new StudyProblem("trainLabelColumn", $"must be '{data.TrainLabelColumn}', train.csv's label column here.");

        var study = new HumanStudy
        {
            ProtocolVersion = doc.ProtocolVersion, Seed = doc.Seed, RequestedSampleSize = doc.RequestedSampleSize, SplitHash = doc.SplitHash ?? "",
            AnnotatorsPerItem = doc.AnnotatorsPerItem, Aggregation = settings.Aggregation, SecondsPerItem = doc.SecondsPerItem,
            Render = render.ToString(), Classes = [.. data.Classes], TrainLabelColumn = data.TrainLabelColumn,
            CreatedAt = doc.CreatedAt, CreatedById = importedBy, ClosedAt = doc.ClosedAt,
        };
        var byId = new Dictionary<string, HumanItem>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var (item, where) = (items[i] ?? throw new StudyProblem($"items[{i}]", "must be an object."), $"items[{i}]");
            var kind = item.Kind switch
            {
                "test" => HumanItemKind.Test,
                "practice" => HumanItemKind.Practice,
                _ => throw new StudyProblem($"{where}.kind", "must be test or practice."),
            };
            var labels = kind == HumanItemKind.Test ? data.TestLabels : data.TrainLabels;
            if (string.IsNullOrEmpty(item.ItemId) || !labels.TryGetValue(item.ItemId, out var gold))
                throw new StudyProblem($"{where}.itemId", $"'{item.ItemId}' is not a labelled row of {(kind == HumanItemKind.Test ? "the solution" : "train.csv")} here.");
            if (item.GoldLabel != gold) throw new StudyProblem($"{where}.goldLabel", $"differs from the label of '{item.ItemId}' here.");
            var row = new HumanItem { Kind = kind, ItemId = item.ItemId, GoldLabel = gold, Order = item.Order };
            if (!byId.TryAdd(item.ItemId, row)) throw new StudyProblem($"{where}.itemId", $"'{item.ItemId}' appears twice.");
            study.Items.Add(row);
        }
        foreach (var kind in (HumanItemKind[])[HumanItemKind.Test, HumanItemKind.Practice])
        {
            var orders = study.Items.Where(i => i.Kind == kind).Select(i => i.Order).Order().ToList();
            if (!orders.SequenceEqual(Enumerable.Range(0, orders.Count)))
                throw new StudyProblem("items", $"the {kind.ToString().ToLowerInvariant()} items' orders must be 0 to {orders.Count - 1}, each once.");
        }
        var testIds = study.Items.Where(i => i.Kind == HumanItemKind.Test).Select(i => i.ItemId).ToList();
        if (testIds.Count == 0) throw new StudyProblem("items", "there are no test items.");
        if (doc.SplitHash != StratifiedSample.SplitHash(testIds)) throw new StudyProblem("splitHash", "is not the split hash of the test items.");

        var people = await PeopleAsync(annotators, db, cancellation);
        return Record(study, doc, byId, people, assignments, responses);
    }

    /// <summary>The annotators, each matched to the user of the same name when there is one.</summary>
    static async Task<Dictionary<int, HumanAnnotator>> PeopleAsync(IReadOnlyList<ExportAnnotator> annotators, ArenaDb db, CancellationToken cancellation)
    {
        var names = annotators.Select(a => a?.UserName).OfType<string>().ToList();
        var users = await db.Users.Where(u => names.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.Id, StringComparer.Ordinal, cancellation);
        var people = new Dictionary<int, HumanAnnotator>();
        for (var i = 0; i < annotators.Count; i++)
        {
            var (a, where) = (annotators[i] ?? throw new StudyProblem($"annotators[{i}]", "must be an object."), $"annotators[{i}]");
            if (a.Number < 1) throw new StudyProblem($"{where}.number", "must be 1 or more.");
            var expertise = Enum.GetNames<AnnotatorExpertise>().FirstOrDefault(n => string.Equals(n, a.Expertise, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse<AnnotatorExpertise>(name)
                : throw new StudyProblem($"{where}.expertise", "must be novice, some or expert.");
            Guid? user = a.UserName is not null && users.TryGetValue(a.UserName, out var id) ? id : null;
            if (user is not null && people.Values.Any(p => p.UserId == user)) throw new StudyProblem($"{where}.userName", "names a user who is already an annotator.");
            if (!people.TryAdd(a.Number, new HumanAnnotator { Number = a.Number, UserId = user, Expertise = expertise, SawTrainingData = a.SawTrainingData, JoinedAt = a.JoinedAt }))
                throw new StudyProblem($"{where}.number", $"{a.Number} appears twice.");
        }
        return people;
    }

    /// <summary>Assignments and answers are attached to their items and annotators; their ids are set when the study is saved.</summary>
    static Imported Record(HumanStudy study, StudyExportDocument doc, Dictionary<string, HumanItem> items, Dictionary<int, HumanAnnotator> people,
        IReadOnlyList<ExportAssignment> assignments, IReadOnlyList<ExportResponse> responses)
    {
        var held = new Dictionary<(string, int), (HumanAssignment Row, ExportAssignment Doc)>();
        var slots = new HashSet<(string, int)>();
        var positions = new HashSet<(int, int)>();
        for (var i = 0; i < assignments.Count; i++)
        {
            var (a, where) = (assignments[i] ?? throw new StudyProblem($"assignments[{i}]", "must be an object."), $"assignments[{i}]");
            if (a.ItemId is null || !items.TryGetValue(a.ItemId, out var item)) throw new StudyProblem($"{where}.itemId", $"'{a.ItemId}' is not an item of the study.");
            if (!people.ContainsKey(a.Annotator)) throw new StudyProblem($"{where}.annotator", $"{a.Annotator} is not an annotator of the study.");
            var slotOk = item.Kind == HumanItemKind.Practice ? a.Slot is null : a.Slot is { } s && s >= 0 && s < study.AnnotatorsPerItem && slots.Add((a.ItemId, s));
            if (!slotOk) throw new StudyProblem($"{where}.slot", item.Kind == HumanItemKind.Practice ? "must be null for a practice item." : $"must be a free slot from 0 to {study.AnnotatorsPerItem - 1}.");
            if (a.Position < 1 || !positions.Add((a.Annotator, a.Position))) throw new StudyProblem($"{where}.position", "must be 1 or more and unique per annotator.");
            var row = new HumanAssignment { Item = item, Slot = a.Slot, Position = a.Position, ServedAt = a.ServedAt };
            if (!held.TryAdd((a.ItemId, a.Annotator), (row, a))) throw new StudyProblem($"{where}", "the annotator has this item twice.");
        }
        var answered = new HashSet<(string, int)>();
        var answers = new List<(HumanAnswer Answer, HumanAssignment Assignment, HumanAnnotator Annotator)>();
        for (var i = 0; i < responses.Count; i++)
        {
            var (r, where) = (responses[i] ?? throw new StudyProblem($"responses[{i}]", "must be an object."), $"responses[{i}]");
            if (r.ItemId is null || !held.TryGetValue((r.ItemId, r.Annotator), out var assignment))
                throw new StudyProblem($"{where}.itemId", "answers no assignment of the study.");
            if (!answered.Add((r.ItemId, r.Annotator))) throw new StudyProblem($"{where}.itemId", "the assignment is answered twice.");
            var lateOk = r.LateLabel is null || (r.SkipReason == "time-up" && study.Classes.Contains(r.LateLabel, StringComparer.Ordinal));
            if ((r.Label is null) == (r.SkipReason is null) || (r.Label is not null && !study.Classes.Contains(r.Label, StringComparer.Ordinal))
                || (r.SkipReason is not null && !HumanSessionApi.SkipReasons.Contains(r.SkipReason, StringComparer.Ordinal)) || !lateOk)
                throw new StudyProblem($"{where}.label", "must be one of the classes, or a skip reason (with a late label only for time-up), not both.");
            if (r.ServedAt != assignment.Row.ServedAt || r.Position != assignment.Row.Position)
                throw new StudyProblem($"{where}.servedAt", "servedAt and position must be those of the assignment.");
            if (r.ServerMilliseconds < 0 || r.ClientMilliseconds < 0) throw new StudyProblem($"{where}.serverMilliseconds", "times cannot be negative.");
            answers.Add((new HumanAnswer
            {
                Label = r.Label, SkipReason = r.SkipReason, LateLabel = r.LateLabel, ServerMilliseconds = r.ServerMilliseconds,
                ClientMilliseconds = r.ClientMilliseconds, ClientPosition = r.ClientPosition, AnsweredAt = r.AnsweredAt,
            }, assignment.Row, people[r.Annotator]));
        }
        foreach (var ((itemId, annotator), (_, a)) in held)
            if (a.Answered != answered.Contains((itemId, annotator)))
                throw new StudyProblem("assignments", string.Create(CultureInfo.InvariantCulture, $"the assignment of '{itemId}' to annotator {annotator} says answered = {a.Answered}, and the responses disagree."));
        return new Imported(study, [.. people.Values], [.. held.Select(h => (h.Value.Row, people[h.Key.Item2]))], answers);
    }

    /// <summary>The rows of an imported study, saved in the order their keys need.</summary>
    public sealed record Imported(HumanStudy Study, List<HumanAnnotator> Annotators, List<(HumanAssignment Row, HumanAnnotator Annotator)> Assignments,
        List<(HumanAnswer Answer, HumanAssignment Assignment, HumanAnnotator Annotator)> Answers);

    /// <summary>Saves the study, then its annotators, assignments and answers, in one transaction.</summary>
    public static async Task SaveAsync(ArenaDb db, Imported imported, CancellationToken cancellation)
    {
        var study = imported.Study;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        db.HumanStudies.Add(study);
        await db.SaveChangesAsync(cancellation);
        foreach (var a in imported.Annotators) a.StudyId = study.Id;
        db.HumanAnnotators.AddRange(imported.Annotators);
        await db.SaveChangesAsync(cancellation);
        foreach (var (row, annotator) in imported.Assignments) (row.StudyId, row.HumanItemId, row.AnnotatorId) = (study.Id, row.Item!.Id, annotator.Id);
        db.HumanAssignments.AddRange(imported.Assignments.Select(a => a.Row));
        await db.SaveChangesAsync(cancellation);
        foreach (var (answer, assignment, annotator) in imported.Answers)
            (answer.StudyId, answer.AssignmentId, answer.AnnotatorId, answer.HumanItemId) = (study.Id, assignment.Id, annotator.Id, assignment.HumanItemId);
        db.HumanAnswers.AddRange(imported.Answers.Select(a => a.Answer));
        await db.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
    }
}

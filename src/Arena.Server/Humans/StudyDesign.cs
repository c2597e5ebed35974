using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Arena.Data.Entities;
using Arena.Scoring.Humans;

namespace Arena.Server.Humans;

/// <summary>
/// Draws a study from a competition's files: the seeded stratified sample of scored test items (strata are the gold
/// labels), the practice items from train.csv outside the sample, and the per-study order in which items are handed
/// out. The same files, settings and seed always give the same study. Shared by the set-up route and the bundle import.
/// </summary>
public static class StudyDesign
{
    /// <summary>The longest item id or label a study stores (its columns' size).</summary>
    public const int MaxText = 400;

    /// <summary>Throws <see cref="StudyProblem"/> naming the setting or file that makes the study impossible.</summary>
    public static HumanStudy Create(StudyFiles files, StudySettings settings, DateTime now, Guid? createdBy, CancellationToken cancellation)
    {
        var render = settings.Check();
        var data = StudyData.Read(files, cancellation);
        CheckRender(render, data.FeatureColumns);
        if (data.TestLabels.Count == 0)
            throw new StudyProblem("sample", "no scored row of the solution is in test.csv: there is nothing to label.", StatusCodes.Status409Conflict);
        if (data.Classes.Count < 2)
            throw new StudyProblem("sample", "the solution's scored rows have a single label: there is no choice to make.", StatusCodes.Status409Conflict);

        var seed = settings.SeedOrRandom();
        var sample = StratifiedSample.Draw(data.TestLabels.Select(p => new LabelledItem(p.Key, p.Value)), seed, settings.Sample);
        var practice = DrawPractice(data, sample, seed, settings.Practice);
        if (sample.ItemIds.Concat(practice).Concat(data.Classes).FirstOrDefault(t => t.Length > MaxText) is { } tooLong)
            throw new StudyProblem("sample", $"ids and labels of a study are at most {MaxText} characters; '{tooLong[..40]}…' is longer.", StatusCodes.Status409Conflict);
        var study = new HumanStudy
        {
            Seed = seed, RequestedSampleSize = settings.Sample, SplitHash = sample.SplitHash,
            AnnotatorsPerItem = settings.AnnotatorsPerItem, Aggregation = settings.Aggregation, SecondsPerItem = settings.SecondsPerItem,
            Render = render.ToString(), Classes = [.. data.Classes], TrainLabelColumn = data.TrainLabelColumn,
            CreatedAt = now, CreatedById = createdBy,
        };
        study.Items.AddRange(Ordered(sample.ItemIds, seed).Select((id, order) =>
            new HumanItem { Kind = HumanItemKind.Test, ItemId = id, GoldLabel = data.TestLabels[id], Order = order }));
        study.Items.AddRange(Ordered(practice, seed).Select((id, order) =>
            new HumanItem { Kind = HumanItemKind.Practice, ItemId = id, GoldLabel = data.TrainLabels[id], Order = order }));
        return study;
    }

    /// <summary>An image's pixels are test.csv's feature columns, row by row: their number must be W×H exactly.</summary>
    public static void CheckRender(RenderSpec render, IReadOnlyList<string> features)
    {
        if (render.Kind == "image" && render.Width * render.Height != features.Count)
            throw new StudyProblem("render",
                $"image:{render.Width}x{render.Height} needs {render.Width * render.Height} pixel columns, and test.csv has {features.Count} feature columns.");
        if (render.Kind == "text" && !features.Contains(render.Column!, StringComparer.Ordinal))
            throw new StudyProblem("render", $"test.csv has no column '{render.Column}' to show as text.");
    }

    static IReadOnlyList<string> DrawPractice(StudyData data, StudySample sample, int seed, int? requested)
    {
        if (requested == 0 || (requested is null && data.NoPracticeReason is not null)) return [];
        if (data.NoPracticeReason is { } reason) throw new StudyProblem("practice", $"practice is impossible: {reason}. Ask for practice 0.");
        var count = requested ?? PracticeItems.DefaultCount;
        try
        {
            return PracticeItems.Draw(data.TrainLabels.Keys, sample.ItemIds, seed, count);
        }
        catch (ArgumentException e)
        {
            throw new StudyProblem("practice", $"train.csv cannot give {count} practice items: {e.Message}.");
        }
    }

    /// <summary>
    /// The per-study hand-out order: ids sorted by the SHA-256 of "{seed}\n{id}" (hex, ordinal), so the order is fixed
    /// by the seed alone and does not depend on any runtime's random generator.
    /// </summary>
    public static IEnumerable<string> Ordered(IEnumerable<string> ids, int seed) =>
        ids.Select(id => (Id: id, Key: Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}\n{id}"))))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id);
}

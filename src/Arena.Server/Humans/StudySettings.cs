using System.Globalization;
using System.Security.Cryptography;
using Arena.Data.Entities;
using Arena.Scoring.Humans;

namespace Arena.Server.Humans;

/// <summary>A refusal naming the field it is about: 400 for a bad value, 409 for a study this competition cannot have.</summary>
public sealed class StudyProblem(string field, string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public string Field { get; } = field;
    public int Status { get; } = status;

    public IResult ToResult() => Status == StatusCodes.Status400BadRequest
        ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Field] = [Message] }, detail: $"'{Field}': {Message}")
        : TypedResults.Problem($"'{Field}': {Message}", statusCode: Status, title: "Not possible for this competition",
            extensions: new Dictionary<string, object?> { ["field"] = Field });
}

/// <summary>How items are shown: a table of the features, an image of W×H pixel features, or one text column.</summary>
public sealed record RenderSpec(string Kind, int Width = 0, int Height = 0, string? Column = null)
{
    public const int MaxSide = 256;

    public override string ToString() => Kind switch
    {
        "image" => string.Create(CultureInfo.InvariantCulture, $"image:{Width}x{Height}"),
        "text" => $"text:{Column}",
        _ => "table",
    };

    /// <summary><c>table</c>, <c>image:WxH</c> (each side 1 to 256) or <c>text:COLUMN</c>.</summary>
    public static RenderSpec Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value == "table") return new RenderSpec("table");
        if (value.StartsWith("text:", StringComparison.Ordinal) && value.Length > 5) return new RenderSpec("text", Column: value[5..]);
        if (value.StartsWith("image:", StringComparison.Ordinal))
        {
            var sides = value[6..].Split('x');
            if (sides.Length == 2 && int.TryParse(sides[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                && int.TryParse(sides[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                && w is >= 1 and <= MaxSide && h is >= 1 and <= MaxSide)
                return new RenderSpec("image", w, h);
        }
        throw new StudyProblem("render", $"'{value}' is not a render: use table, image:WxH (each side 1 to {MaxSide}, e.g. image:8x8) or text:COLUMN.");
    }
}

/// <summary>
/// What an organizer (or a bundle's <c>humanStudy:</c> section) chooses. Null means the default: a random seed (then
/// recorded), 10 practice items when train.csv has labels and none otherwise.
/// </summary>
public sealed record StudySettings(
    string Render = "table",
    int Sample = StratifiedSample.DefaultSize,
    int? Seed = null,
    int? Practice = null,
    int AnnotatorsPerItem = 1,
    StudyAggregation Aggregation = StudyAggregation.MeanOfIndividuals,
    int? SecondsPerItem = null)
{
    public const int MaxSample = 100_000, MaxAnnotatorsPerItem = 5, MaxSecondsPerItem = 3600;

    /// <summary>Throws <see cref="StudyProblem"/> for the first bad field; returns the parsed render.</summary>
    public RenderSpec Check()
    {
        var render = RenderSpec.Parse(Render);
        if (Sample < StratifiedSample.MinimumSize || Sample > MaxSample)
            throw new StudyProblem("sample", $"the sample must hold {StratifiedSample.MinimumSize} to {MaxSample} items, not {Sample}.");
        if (Practice is { } practice && practice != 0 && practice is < PracticeItems.MinimumCount or > PracticeItems.MaximumCount)
            throw new StudyProblem("practice", $"practice is 0 (none) or {PracticeItems.MinimumCount} to {PracticeItems.MaximumCount} items, not {practice}.");
        if (AnnotatorsPerItem is < 1 or > MaxAnnotatorsPerItem)
            throw new StudyProblem("annotatorsPerItem", $"each item needs 1 to {MaxAnnotatorsPerItem} annotators, not {AnnotatorsPerItem}.");
        if (Aggregation == StudyAggregation.MajorityOfK && (AnnotatorsPerItem < 3 || AnnotatorsPerItem % 2 == 0))
            throw new StudyProblem("aggregation", $"majorityOfK needs an odd number of annotators per item, 3 or more (so a vote cannot tie); annotatorsPerItem is {AnnotatorsPerItem}.");
        if (SecondsPerItem is { } seconds && seconds is < 1 or > MaxSecondsPerItem)
            throw new StudyProblem("secondsPerItem", $"the time limit is 1 to {MaxSecondsPerItem} seconds per item, not {seconds}.");
        return render;
    }

    /// <summary>The recorded seed: the one given, or a fresh random one.</summary>
    public int SeedOrRandom() => Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>meanOfIndividuals, majorityOfK or bestIndividual, in any case; never a number.</summary>
    public static StudyAggregation ParseAggregation(string? text) =>
        Enum.GetNames<StudyAggregation>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<StudyAggregation>(name)
            : throw new StudyProblem("aggregation", $"'{text}' is not an aggregation: use meanOfIndividuals, majorityOfK or bestIndividual.");

    public static string Name(StudyAggregation aggregation) => JsonNamingPolicyCamel(aggregation.ToString());

    public static HumanAggregation ToScoring(StudyAggregation aggregation) => aggregation switch
    {
        StudyAggregation.MajorityOfK => HumanAggregation.MajorityOfK,
        StudyAggregation.BestIndividual => HumanAggregation.BestIndividual,
        _ => HumanAggregation.MeanOfIndividuals,
    };

    static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

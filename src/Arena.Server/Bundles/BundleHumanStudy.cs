using System.Globalization;
using Arena.Server.Humans;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Arena.Server.Bundles;

/// <summary>
/// <c>humanStudy:</c> in competition.yaml: <c>render</c> (table, image:WxH, text:COLUMN), and optionally <c>sample</c>,
/// <c>seed</c>, <c>practice</c>, <c>annotatorsPerItem</c>, <c>aggregation</c> and <c>secondsPerItem</c>, as the set-up
/// route takes them. Every problem is reported with the line and column of the value it is about.
/// </summary>
public sealed class BundleHumanStudy
{
    public string? Render { get; set; }
    public int? Sample { get; set; }
    public int? Seed { get; set; }
    public int? Practice { get; set; }
    public int? AnnotatorsPerItem { get; set; }
    public string? Aggregation { get; set; }
    public int? SecondsPerItem { get; set; }

    [YamlIgnore]
    Dictionary<string, YamlDotNet.Core.Mark> Marks { get; set; } = [];

    string _where = "bundle";

    /// <summary>Finds where each key's value is, then checks the values; throws <see cref="BundleException"/>.</summary>
    internal void Locate(string yaml, string where)
    {
        _where = where;
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root)
        {
            foreach (var (key, value) in root.Children)
            {
                if (key is not YamlScalarNode { Value: "humanStudy" }) continue;
                Marks[""] = key.Start;
                if (value is YamlMappingNode section)
                    foreach (var (field, fieldValue) in section.Children)
                        if (field is YamlScalarNode { Value: { } name }) Marks[name] = fieldValue.Start;
            }
        }
        try
        {
            Settings().Check();
        }
        catch (StudyProblem problem)
        {
            throw Error(problem);
        }
    }

    /// <summary>The section as the study's settings; a missing render is a table.</summary>
    public StudySettings Settings()
    {
        var defaults = new StudySettings();
        return new StudySettings(Render ?? defaults.Render, Sample ?? defaults.Sample, Seed, Practice, AnnotatorsPerItem ?? defaults.AnnotatorsPerItem,
            Aggregation is null ? defaults.Aggregation : StudySettings.ParseAggregation(Aggregation), SecondsPerItem);
    }

    /// <summary>"where: competition.yaml, line L, column C: humanStudy.field: message", at the field's value (else the section's key).</summary>
    public BundleException Error(StudyProblem problem)
    {
        var mark = Marks.TryGetValue(problem.Field, out var at) ? at : Marks.GetValueOrDefault("");
        var field = Marks.ContainsKey(problem.Field) ? $"humanStudy.{problem.Field}" : $"humanStudy ({problem.Field})";
        return new BundleException(string.Create(CultureInfo.InvariantCulture,
            $"{_where}: competition.yaml, line {mark.Line}, column {mark.Column}: {field}: {problem.Message}"));
    }
}

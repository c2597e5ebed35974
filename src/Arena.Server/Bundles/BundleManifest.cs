using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Arena.Server.Bundles;

/// <summary>A bundle's <c>competition.yaml</c> (documented in competitions/README.md).</summary>
public sealed class BundleManifest
{
    public string? Slug { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string? Overview { get; set; }
    public string Metric { get; set; } = "";
    public Dictionary<string, string> MetricParameters { get; set; } = [];
    public string? IdColumn { get; set; }
    public DateTime? Start { get; set; }
    public DateTime? Deadline { get; set; }
    public int DailySubmissionLimit { get; set; } = 5;
    public int FinalSelections { get; set; } = 2;
    public int ScoreDecimals { get; set; } = Competitions.ScoreDisplay.DefaultDecimals;
    public double? LadderStep { get; set; }
    public long MaxUploadBytes { get; set; } = 100L << 20;
    public string Visibility { get; set; } = "public";
    public string Solution { get; set; } = "solution.csv";
    public string? Attribution { get; set; }
    public List<string> Files { get; set; } = [];
    public List<BundleReference> ReferenceRows { get; set; } = [];

    /// <summary>The optional <c>humanStudy:</c> section: a study created with the competition.</summary>
    public BundleHumanStudy? HumanStudy { get; set; }

    static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Reads <c>competition.yaml</c> from a bundle folder; throws <see cref="BundleException"/> naming the problem.</summary>
    public static async Task<BundleManifest> ReadAsync(string folder, string where, CancellationToken cancellation) =>
        Parse(await File.ReadAllTextAsync(Path.Combine(folder, "competition.yaml"), cancellation), where);

    /// <summary>Throws <see cref="BundleException"/> naming the problem, with the line and column of a YAML error.</summary>
    public static BundleManifest Parse(string yaml, string where)
    {
        try
        {
            var manifest = Yaml.Deserialize<BundleManifest?>(yaml) ?? throw new BundleException($"{where}: competition.yaml is empty");
            manifest.HumanStudy?.Locate(yaml, where);
            return manifest;
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new BundleException($"{where}: competition.yaml, line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
    }
}

public sealed class BundleReference
{
    public string Kind { get; set; } = "benchmark";
    public string Name { get; set; } = "";
    public string? File { get; set; }
    public double? PublicScore { get; set; }
    public double? PrivateScore { get; set; }
    public string Source { get; set; } = "";
    public double? Tolerance { get; set; }
    public int? PeopleCount { get; set; }
    public string Note { get; set; } = "";
}

public sealed class BundleException(string message) : Exception(message);

using Arena.Scoring.Humans;
using BenchmarkDotNet.Attributes;

namespace Arena.Benchmarks;

/// <summary>
/// What a leaderboard push costs for the "on the human items" figures of 50 participants on a 400-item study with one
/// annotator per item: <see cref="Cold"/> is the push after a new answer (every participant's 10,000-resample paired
/// bootstrap and McNemar test rerun), <see cref="Restricted"/> the same on the Public part (about a third of the items)
/// including building that panel. A push with no new answer finds every figure in the server's cache.
/// </summary>
[MemoryDiagnoser]
public class HumanComparisonBenchmarks
{
    const int Participants = 50;
    const int Items = 400;

    HumanPanel _panel = null!;
    Dictionary<string, double>[] _models = null!;
    IReadOnlyList<bool> _human = null!;
    string[] _publicIds = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(8);
        var ids = Enumerable.Range(0, Items).Select(i => $"item{i:D4}").ToArray();
        var items = ids.Select(id => new HumanStudyItem(id, random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var responses = items.Select((item, i) => HumanResponse.Answer(item.ItemId, "000001",
            random.NextDouble() < 0.95 ? item.GoldLabel : "x", 1500, i)).ToList();
        _panel = HumanPanel.Create(items, responses);
        _human = _panel.ItemCorrect(HumanAggregation.MeanOfIndividuals)!;
        _models = [.. Enumerable.Range(0, Participants).Select(p =>
            ids.ToDictionary(id => id, _ => random.NextDouble() < 0.9 + (p / 1000.0) ? 1.0 : 0.0, StringComparer.Ordinal))];
        _publicIds = [.. ids.Where((_, i) => i % 3 == 0)];
    }

    [Benchmark(Baseline = true)]
    public double Cold() => Compare(_panel);

    [Benchmark]
    public double Restricted() => Compare(_panel.Restrict(_publicIds)!);

    double Compare(HumanPanel panel)
    {
        var human = ReferenceEquals(panel, _panel) ? _human : panel.ItemCorrect(HumanAggregation.MeanOfIndividuals)!;
        double sum = 0;
        foreach (var model in _models)
        {
            var scores = panel.ItemIds.ToDictionary(id => id, id => model[id], StringComparer.Ordinal);
            var difference = PairedBootstrap.Difference(scores, panel, HumanAggregation.MeanOfIndividuals, seed: 8);
            sum += difference.Low + McNemar.Compare([.. panel.ItemIds.Select(id => scores[id] == 1)], human).PValue;
        }
        return sum;
    }
}

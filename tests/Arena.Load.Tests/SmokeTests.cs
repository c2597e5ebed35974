using Arena.Load.Scenarios;

namespace Arena.Load.Tests;

/// <summary>
/// CI's version of tests/Arena.Load: each scenario with its smoke settings (seconds, not minutes), in process, against
/// servers it starts; every smoke target must be met. The full runs and their figures are in tests/load/README.md.
/// </summary>
[Collection(OneScenarioAtATime.Name)]
public sealed class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public Task Watchers() => RunAsync(new Watchers());

    [Fact]
    public Task Rush() => RunAsync(new Rush());

    [Fact]
    public Task Kill9() => RunAsync(new Kill9());

    [Fact]
    public Task DbDown() => RunAsync(new DbDown());

    async Task RunAsync(IScenario scenario)
    {
        var result = await scenario.RunAsync(ScenarioOptions.SmokeSettings(output.WriteLine), TestContext.Current.CancellationToken);
        var table = ResultTable.Format(result);
        output.WriteLine(table);
        Assert.True(result.Rows.Count > 0, $"{scenario.Name} measured nothing");
        Assert.True(result.AllMet, $"{scenario.Name} missed: {string.Join("; ", result.Missed.Select(m => $"{m.Name} {m.Figure} (target {m.Target})"))}\n{table}");
    }
}

/// <summary>Each scenario starts several servers and measures latency on two cores: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OneScenarioAtATime
{
    public const string Name = "one scenario at a time";
}

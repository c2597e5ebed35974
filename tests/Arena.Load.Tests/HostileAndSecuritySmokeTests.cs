namespace Arena.Load.Tests;

/// <summary>Scenarios 5 and 6 with their smoke settings: a handful of hostile variants; the canary crawl and a route-table subset.</summary>
[Collection(OneScenarioAtATime.Name)]
public sealed class HostileAndSecuritySmokeTests(ITestOutputHelper output)
{
    [Fact]
    public Task Hostile() => RunAsync(new Scenarios.Hostile());

    [Fact]
    public Task Security() => RunAsync(new Scenarios.Security());

    async Task RunAsync(IScenario scenario)
    {
        var result = await scenario.RunAsync(ScenarioOptions.SmokeSettings(output.WriteLine), TestContext.Current.CancellationToken);
        var table = ResultTable.Format(result);
        output.WriteLine(table);
        Assert.True(result.Rows.Count > 0, $"{scenario.Name} measured nothing");
        Assert.True(result.AllMet, $"{scenario.Name} missed: {string.Join("; ", result.Missed.Select(m => $"{m.Name} {m.Figure} (target {m.Target})"))}\n{table}");
    }
}

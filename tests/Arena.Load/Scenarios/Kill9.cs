namespace Arena.Load.Scenarios;

public sealed class Kill9 : IScenario
{
    public string Name => "kill9";

    public string Describe => "100 scoring jobs, SIGKILL the worker 5 times; all scored or failed within 6 min, none twice, no pool exhaustion";

    public Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation) =>
        Task.FromResult(new ScenarioResult(Name).Check("implemented", "no", "yes", false));
}

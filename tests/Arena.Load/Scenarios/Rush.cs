namespace Arena.Load.Scenarios;

public sealed class Rush : IScenario
{
    public string Name => "rush";

    public string Describe => "100 users x 5 valid 10k-row files in 60 s, PostgreSQL, 1 web + 2 workers; 202 p99 <= 300 ms, all scored within 2 min, 0 lost, 0 twice";

    public Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation) =>
        Task.FromResult(new ScenarioResult(Name).Check("implemented", "no", "yes", false));
}

namespace Arena.Load.Scenarios;

public sealed class DbDown : IScenario
{
    public string Name => "dbdown";

    public string Describe => "PostgreSQL stopped 20 s in a rush; /health/ready red then green, uploads get 503 + Retry-After, nothing accepted lost";

    public Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation) =>
        Task.FromResult(new ScenarioResult(Name).Check("implemented", "no", "yes", false));
}

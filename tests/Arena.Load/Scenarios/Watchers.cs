namespace Arena.Load.Scenarios;

public sealed class Watchers : IScenario
{
    public string Name => "watchers";

    public string Describe => "N SignalR watchers on one leaderboard, one change a second; p99 <= 1 s, 0 lost, memory steady; then one watcher stops reading";

    public Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation) =>
        Task.FromResult(new ScenarioResult(Name).Check("implemented", "no", "yes", false));
}

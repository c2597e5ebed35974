namespace Arena.Load;

/// <summary>One load or fault scenario of issue 9: runs against its own servers (or the one given) and reports figures against targets.</summary>
public interface IScenario
{
    /// <summary>The command-line name, such as <c>watchers</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>list</c>: what it does and what it must meet.</summary>
    string Describe { get; }

    Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation);
}

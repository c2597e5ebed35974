namespace Arena.Cluster.Tests;

/// <summary>
/// Every test class joins this collection, so one cluster runs at a time: each test starts several servers, and the
/// latency bounds it checks (1 s, 2 s, 3 s) are about the cluster, not about two clusters sharing two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OneClusterAtATime
{
    public const string Name = "one cluster at a time";
}

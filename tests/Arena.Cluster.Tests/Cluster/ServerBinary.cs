using System.Reflection;

namespace Arena.Cluster.Tests.Cluster;

/// <summary>Where the server that the nodes run was built: recorded at build time by the project file.</summary>
public static class ServerBinary
{
    public static string Path { get; } = Find();

    static string Find()
    {
        var recorded = typeof(ServerBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ArenaServerPath")?.Value;
        if (string.IsNullOrEmpty(recorded) || !File.Exists(recorded))
            throw new InvalidOperationException($"The built server was not found at '{recorded}': build tests/Arena.Cluster.Tests, which builds src/Arena.Server.");
        return recorded;
    }
}

using System.Diagnostics;

namespace Arena.Cluster.Tests.Cluster;

/// <summary>
/// Kills the nodes of a test process that died without disposing them (SIGKILL, a crashed runner): otherwise they
/// would outlive it, retrying a PostgreSQL that PostgresCluster's own watchdog has stopped. One small shell per test
/// process polls it every second; each running node has a pid file in a folder it reads when the process is gone, and
/// a pid is killed only if that process still runs Arena.Server (pids are reused).
/// </summary>
static class Orphans
{
    static readonly Lazy<string> Folder = new(Start);

    public static void Track(int pid) => File.WriteAllText(System.IO.Path.Combine(Folder.Value, $"{pid}.pid"), pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static void Forget(int pid) => File.Delete(System.IO.Path.Combine(Folder.Value, $"{pid}.pid"));

    static string Start()
    {
        var folder = Directory.CreateTempSubdirectory("arena-cluster-pids-").FullName;
        var script = $"""
            trap '' INT HUP TERM
            exec </dev/null >/dev/null 2>&1
            while kill -0 {Environment.ProcessId}; do sleep 1; done
            for f in '{folder}'/*.pid; do
              [ -f "$f" ] || continue
              p=$(cat "$f")
              if tr '\0' ' ' < /proc/$p/cmdline | grep -q Arena.Server; then kill -9 "$p"; fi
            done
            rm -rf '{folder}'
            """;
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        // Deliberately not disposed or waited for: it must outlive this process.
        _ = Process.Start(start) ?? throw new InvalidOperationException("Could not start the cluster tests' watchdog.");
        return folder;
    }
}

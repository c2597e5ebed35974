using System.Globalization;

namespace Arena.Load.Support;

/// <summary>A server process's resident memory and CPU time, read from /proc (Linux only).</summary>
public readonly record struct ProcessStats(long RssBytes, TimeSpan CpuTime, DateTimeOffset At)
{
    /// <summary>USER_HZ: the unit of utime and stime in /proc/&lt;pid&gt;/stat, 100 on every Linux we run on.</summary>
    const double TicksPerSecond = 100;

    public static ProcessStats Read(int pid)
    {
        var rssKb = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessStats(long.Parse(rssKb, CultureInfo.InvariantCulture) * 1024, TimeSpan.FromSeconds(ticks / TicksPerSecond), TimeProvider.System.GetUtcNow());
    }

    /// <summary>CPU used between two readings, as a share of one core (1.0 = a whole core).</summary>
    public static double CoresUsed(ProcessStats from, ProcessStats to) => (to.CpuTime - from.CpuTime) / (to.At - from.At);
}

using System.Globalization;

namespace Arena.Load.Support;

/// <summary>The machine a figure came from: cores, memory and the load other work put on it.</summary>
public static class Machine
{
    public static string Describe()
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var gb = memory is null ? "?" : (long.Parse(memory, CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
        return $"{Environment.ProcessorCount} cores, {gb} GB RAM, load average {load}";
    }
}

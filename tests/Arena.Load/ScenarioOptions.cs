using System.Globalization;

namespace Arena.Load;

/// <summary>
/// The command line after the scenario's name: <c>--smoke</c> for the seconds-long CI version, <c>--url</c> and
/// <c>--token</c> for a server that is already running, and <c>--name value</c> for a scenario's own knobs (each
/// scenario documents its own, such as <c>--watchers 2000</c>).
/// </summary>
public sealed class ScenarioOptions
{
    readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public bool Smoke { get; init; }

    /// <summary>A running server to use instead of starting one; null to start our own.</summary>
    public Uri? Url { get; init; }

    /// <summary>A bearer token on <see cref="Url"/> (a user allowed to submit), when one is given.</summary>
    public string? Token { get; init; }

    /// <summary>Progress lines as a run goes (the console, or a test's output).</summary>
    public Action<string> Log { get; init; } = Console.WriteLine;

    public static ScenarioOptions SmokeSettings(Action<string>? log = null) => new() { Smoke = true, Log = log ?? Console.WriteLine };

    public static ScenarioOptions Parse(IEnumerable<string> arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var smoke = false;
        using var items = arguments.GetEnumerator();
        while (items.MoveNext())
        {
            var argument = items.Current;
            if (argument == "--smoke")
            {
                smoke = true;
                continue;
            }
            if (!argument.StartsWith("--", StringComparison.Ordinal) || !items.MoveNext())
                throw new ArgumentException($"Expected --name value, got '{argument}'.");
            values[argument[2..]] = items.Current;
        }
        var options = new ScenarioOptions
        {
            Smoke = smoke,
            Url = values.Remove("url", out var url) ? new Uri(url, UriKind.Absolute) : null,
            Token = values.Remove("token", out var token) ? token : null,
        };
        foreach (var (key, value) in values) options._values[key] = value;
        return options;
    }

    /// <summary>A whole-number knob: the command line's value, else the smoke or the full default.</summary>
    public int Int(string name, int full, int smoke) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : Smoke ? smoke : full;

    /// <summary>A duration knob in seconds.</summary>
    public TimeSpan Seconds(string name, double full, double smoke) =>
        TimeSpan.FromSeconds(_values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : Smoke ? smoke : full);

    public string? Text(string name) => _values.GetValueOrDefault(name);

    /// <summary>Knobs given on the command line, to tell a scenario that it was not asked for something it ignores.</summary>
    public IReadOnlyCollection<string> Names => _values.Keys;
}

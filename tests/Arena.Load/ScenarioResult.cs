namespace Arena.Load;

/// <summary>One row of a result table: a figure next to its target; Met is null for a figure reported for context only.</summary>
public sealed record Measure(string Name, string Figure, string Target, bool? Met);

/// <summary>What a scenario measured; the run fails when any target was missed.</summary>
public sealed class ScenarioResult(string scenario)
{
    readonly List<Measure> _rows = [];
    readonly List<string> _notes = [];

    public string Scenario { get; } = scenario;
    public IReadOnlyList<Measure> Rows => _rows;
    public IReadOnlyList<string> Notes => _notes;
    public bool AllMet => _rows.All(r => r.Met != false);
    public IEnumerable<Measure> Missed => _rows.Where(r => r.Met == false);

    /// <summary>A figure with a target.</summary>
    public ScenarioResult Check(string name, string figure, string target, bool met)
    {
        _rows.Add(new Measure(name, figure, target, met));
        return this;
    }

    /// <summary>A figure for context only.</summary>
    public ScenarioResult Report(string name, string figure)
    {
        _rows.Add(new Measure(name, figure, "", null));
        return this;
    }

    /// <summary>A line printed under the table: the settings, the machine, why something was missed.</summary>
    public ScenarioResult Note(string note)
    {
        _notes.Add(note);
        return this;
    }
}

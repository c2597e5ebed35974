using System.Text;

namespace Arena.Load;

/// <summary>Prints a result as "measure | figure | target | met/MISSED", in Markdown so it can be pasted into tests/load/README.md.</summary>
public static class ResultTable
{
    public static string Format(ScenarioResult result)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {result.Scenario}");
        text.AppendLine("| measure | figure | target | met/MISSED |");
        text.AppendLine("|---|---|---|---|");
        foreach (var row in result.Rows)
            text.AppendLine($"| {row.Name} | {row.Figure} | {row.Target} | {row.Met switch { true => "met", false => "MISSED", null => "" }} |");
        foreach (var note in result.Notes) text.AppendLine($"- {note}");
        return text.ToString();
    }
}

using System.Globalization;
namespace Arena.Contracts;

/// <summary>
/// The leaderboard's human figures as text, for the page and the CLI alike, and written the same way by
/// competitions-leaderboard.js (keep them in step):
/// accuracies in percent with one decimal, differences in signed points.
/// </summary>
public static class HumanItemsText
{
    /// <summary>"On the human items", or "On 20 public human items" while the comparison uses the Public split only.</summary>
    public static string Heading(HumanItemsSet set) =>
        string.Create(CultureInfo.InvariantCulture, $"On {set.Items} {(set.ItemSet == "public" ? "public " : "")}human items");

    /// <summary>The interval of a measured human score in the score's own units, "[0.786, 0.957]".</summary>
    public static string Interval(MeasuredHuman human) => $"[{Score(human.Low)}, {Score(human.High)}]";

    /// <summary>"12 items · 3 annotators · majorityOfK" with "provisional" when it is.</summary>
    public static string Protocol(MeasuredHuman human) =>
        string.Create(CultureInfo.InvariantCulture, $"{human.Items} items · {human.Annotators} {(human.Annotators == 1 ? "annotator" : "annotators")} · {human.Aggregation}");

    /// <summary>The human row's cell: its score on the compared items with the interval.</summary>
    public static string HumanCell(HumanItemsSet set) =>
        set.HumanScore is { } score ? $"{Percent(score)}% [{Percent(set.Low!.Value)}, {Percent(set.High!.Value)}]" : "–";

    /// <summary>"97.0% vs 95.0% · +2.0 pts [−1.5, +5.5] · p 0.289".</summary>
    public static string ParticipantCell(HumanItemsComparison? c)
    {
        if (c is null) return "";
        var text = $"{Percent(c.ModelScore)}% vs {Percent(c.HumanScore)}% · {Points(c.Difference)} pts [{Points(c.Low)}, {Points(c.High)}]";
        return c.McNemarP is { } p ? text + " · p " + p.ToString("0.000", CultureInfo.InvariantCulture) : text;
    }

    /// <summary>As the pages write a score: up to six decimals.</summary>
    static string Score(double score) => score.ToString("0.######", CultureInfo.InvariantCulture);

    static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);

    static string Points(double fraction)
    {
        // + 0.0 turns a rounded -0 into 0, which the script writes as "0.0" too.
        var points = Math.Round(fraction * 100, 1, MidpointRounding.AwayFromZero) + 0.0;
        return (points > 0 ? "+" : "") + points.ToString("0.0", CultureInfo.InvariantCulture);
    }
}

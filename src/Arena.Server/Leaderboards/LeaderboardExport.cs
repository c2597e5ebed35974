using System.Globalization;
using System.Text;
using Arena.Contracts;
using Arena.Data;
using Arena.Server.Accounts;
using Arena.Server.Competitions;

namespace Arena.Server.Leaderboards;

/// <summary>The leaderboard as CSV for organizers, either view at any time, safe to open in a spreadsheet.</summary>
public static class LeaderboardExport
{
    public static void MapLeaderboardExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/competitions/{slug}/leaderboard.csv", ExportAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);

    static async Task<IResult> ExportAsync(string slug, string? view, HttpContext http, ArenaDb db, LeaderboardBuilder builder, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        view = view?.ToLowerInvariant() == LeaderboardBuilder.PrivateView ? LeaderboardBuilder.PrivateView : LeaderboardBuilder.PublicView;
        var snapshot = await builder.BuildAsync(competition, view, cancellation, seesPrivate: true);
        return TypedResults.Text(ToCsv(snapshot), "text/csv; charset=utf-8", Encoding.UTF8);
    }

    public static string ToCsv(LeaderboardSnapshot snapshot)
    {
        var csv = new StringBuilder("rank,displayName,kind,score,submissionCount,lastSubmittedAt,publicRank,shakeUp,beatsHuman,replicated,"
            + "scoreLow,scoreHigh,humanItemSet,humanItems,onHumanItems,humanOnHumanItems,differenceFromHuman,differenceLow,differenceHigh,mcnemarP\n");
        foreach (var row in snapshot.Rows)
        {
            csv.Append(row.Rank?.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(Cell(row.DisplayName)).Append(',')
               .Append(Cell(row.Kind)).Append(',')
               .Append(row.Score?.ToString("R", CultureInfo.InvariantCulture)).Append(',')
               .Append(row.SubmissionCount.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(row.LastSubmittedAt?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append(',')
               .Append(row.PublicRank?.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(row.ShakeUp?.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(Flag(row.BeatsHuman)).Append(',')
               .Append(Flag(row.Replicated)).Append(',')
               .Append(Number(row.Human?.Low)).Append(',')
               .Append(Number(row.Human?.High)).Append(',')
               .Append(row.OnHumanItems?.ItemSet).Append(',')
               .Append(row.OnHumanItems?.Items.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(Number(row.OnHumanItems?.ModelScore)).Append(',')
               .Append(Number(row.OnHumanItems?.HumanScore)).Append(',')
               .Append(Number(row.OnHumanItems?.Difference)).Append(',')
               .Append(Number(row.OnHumanItems?.Low)).Append(',')
               .Append(Number(row.OnHumanItems?.High)).Append(',')
               .Append(Number(row.OnHumanItems?.McNemarP)).Append('\n');
        }
        return csv.ToString();
    }

    static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    static string Flag(bool? value) => value switch { true => "true", false => "false", null => "" };

    /// <summary>
    /// OWASP's CSV-injection rule for text we did not write ourselves: a cell starting with =, +, -, @, tab or CR is
    /// prefixed with a quote so spreadsheets show it as text; every text cell is quoted. Numbers are ours and safe.
    /// </summary>
    static string Cell(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}

using System.Globalization;
using Arena.Contracts;
using Arena.Data;
using Arena.Server.Competitions;
using Arena.Server.Leaderboards;
using Arena.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace Arena.Server.Pages.Competitions;

/// <summary>
/// The public leaderboard as it stands, rendered on the server; competitions-leaderboard.js then keeps it live over the
/// hub and, after the reveal, switches to the private view through the API. Both render rows the same way.
/// </summary>
public sealed class LeaderboardModel(ArenaDb db, TimeProvider clock, LeaderboardBuilder leaderboards) : CompetitionPage(db, clock)
{
    public override CompetitionTab Tab => CompetitionTab.Leaderboard;

    public LeaderboardSnapshot Snapshot { get; private set; } = null!;
    public bool Revealed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        Snapshot = await leaderboards.BuildAsync(Competition, LeaderboardBuilder.PublicView, cancellation);
        Revealed = Competition.IsPrivateRevealedAt(Now);
        return Page();
    }

    public static bool IsReference(LeaderboardRow row) => row.Kind != LeaderboardKinds.Participant;

    /// <summary>The rank movement as the script writes it too: "new" for a first entry, arrows for places gained or lost.</summary>
    public static (string Text, string Class) Move(LeaderboardRow row) => row.Delta switch
    {
        _ when IsReference(row) => ("", ""),
        null => ("new", "new"),
        > 0 and var d => ($"▲ {d}", "up"),
        < 0 and var d => ($"▼ {-d}", "down"),
        _ => ("–", "same"),
    };

    /// <summary>What the script compares to decide whether a row changed and is to be highlighted.</summary>
    public static string Signature(LeaderboardRow row) =>
        string.Create(CultureInfo.InvariantCulture, $"{row.Rank}|{row.SubmissionCount}|{PageFormat.Score(row.Score)}");
}

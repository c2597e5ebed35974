using Arena.Data;
using Arena.Server.Leaderboards;
using Microsoft.AspNetCore.Mvc;

namespace Arena.Server.Pages.Competitions;

/// <summary>
/// The charts tab. The page renders the plotted numbers as tables (a canvas alone says nothing to a screen reader);
/// competitions-charts.js draws the same numbers from <c>?handler=data</c>, which answers 404 as the page does.
/// </summary>
public sealed class ChartsModel(ArenaDb db, TimeProvider clock, LeaderboardBuilder leaderboards) : CompetitionPage(db, clock)
{
    public override CompetitionTab Tab => CompetitionTab.Charts;

    public ChartData Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        Data = await ChartData.BuildAsync(Db, leaderboards, Competition, Now, cancellation);
        return Page();
    }

    public async Task<IActionResult> OnGetDataAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        return new JsonResult(await ChartData.BuildAsync(Db, leaderboards, Competition, Now, cancellation));
    }
}

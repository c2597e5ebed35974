using Arena.Data;
using Arena.Server.Web;
using Microsoft.AspNetCore.Mvc;

namespace Arena.Server.Pages.Competitions;

public sealed class OverviewModel(ArenaDb db, TimeProvider clock) : CompetitionPage(db, clock)
{
    public override CompetitionTab Tab => CompetitionTab.Overview;

    /// <summary>The organizer's markdown with raw HTML escaped and unsafe links dropped (see <see cref="SafeMarkdown"/>).</summary>
    public string OverviewHtml { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        OverviewHtml = SafeMarkdown.ToHtml(Competition.OverviewMarkdown);
        return Page();
    }
}

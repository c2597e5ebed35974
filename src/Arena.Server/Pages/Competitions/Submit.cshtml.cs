using Arena.Data;
using Arena.Server.Submissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Arena.Server.Pages.Competitions;

/// <summary>
/// The upload form. The page only renders the starting ledger; the upload, the validation and the live status go
/// through the JSON API from wwwroot/js/competition-submit.js, so the page and the CLI share one set of rules.
/// </summary>
[Authorize]
public sealed class SubmitModel(ArenaDb db, TimeProvider clock) : CompetitionPage(db, clock)
{
    public override CompetitionTab Tab => CompetitionTab.Submit;

    public LimitLedger Ledger { get; private set; } = null!;

    public bool Closed => State == "closed";
    public bool Upcoming => State == "upcoming";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        var (used, limit) = await Quotas.UsageAsync(Db, Competition, Viewer.UserId!.Value, DateOnly.FromDateTime(Now), cancellation);
        Ledger = new LimitLedger(used, Math.Max(0, limit - used), limit, Quotas.NextReset(Now), FailedSubmissionsAreRefunded: true);
        return Page();
    }
}

using Arena.Data;
using Arena.Server.Competitions;
using Arena.Server.Submissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Competitions;

/// <summary>
/// The viewer's own submissions, newest first, through the API's own view of a submission (so the private score
/// stays hidden until the reveal exactly as on the API). Final choices are toggled through the select API.
/// </summary>
[Authorize]
public sealed class SubmissionsModel(ArenaDb db, TimeProvider clock) : CompetitionPage(db, clock)
{
    /// <summary>Errors listed before the rest fold into a details element.</summary>
    public const int ErrorsShown = 3;

    public override CompetitionTab Tab => CompetitionTab.Submissions;

    public IReadOnlyList<SubmissionView> Rows { get; private set; } = [];
    public bool PrivateRevealed { get; private set; }

    /// <summary>Final choices close at the deadline (the select API answers 409 after it).</summary>
    public bool SelectionOpen { get; private set; }
    public int SelectedCount => Rows.Count(r => r.IsSelected);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        var userId = Viewer.UserId!.Value;
        PrivateRevealed = Competition.IsPrivateRevealedAt(Now);
        SelectionOpen = !(Competition.Deadline <= Now);
        var own = await Db.Submissions.AsNoTracking()
            .Where(s => s.CompetitionId == Competition.Id && s.UserId == userId)
            .OrderByDescending(s => s.SubmittedAt)
            .ToListAsync(cancellation);
        var ladder = SubmissionMapping.LadderOf(Competition, own);
        Rows = [.. own.Select(s => SubmissionMapping.ToView(s, Competition, PrivateRevealed, ladder))];
        return Page();
    }

    /// <summary>Mirrors the select API's rule, so the page only offers what the API accepts.</summary>
    public bool MaySelect(SubmissionView row) => SelectionOpen && row.Status == "scored" && !row.IsLate;
}

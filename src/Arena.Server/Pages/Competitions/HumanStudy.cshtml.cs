using Arena.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Competitions;

/// <summary>
/// The labelling page of a competition's human-baseline study. The page renders a shell; joining, the items, the
/// answers and undo go through the study's JSON API from wwwroot/js/competition-human-study.js, so the page holds no
/// rule of its own and receives exactly what the API gives a participant (no gold label during the test phase).
/// </summary>
[Authorize]
public sealed class HumanStudyModel(ArenaDb db, TimeProvider clock) : CompetitionPage(db, clock)
{
    public override CompetitionTab Tab => CompetitionTab.HumanStudy;

    /// <summary>The visitor has joined the study: the page goes straight to their next item (a reload resumes).</summary>
    public bool Joined { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation) || !HasHumanStudy) return NotFound();
        var userId = Viewer.UserId!.Value;
        Joined = await Db.HumanAnnotators.AnyAsync(a => a.UserId == userId && Db.HumanStudies.Any(s => s.Id == a.StudyId && s.CompetitionId == Competition.Id), cancellation);
        ViewData["Title"] = $"Human study · {Competition.Title}";
        return Page();
    }
}

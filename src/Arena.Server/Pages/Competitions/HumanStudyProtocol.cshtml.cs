using Arena.Data;
using Arena.Server.Humans;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Competitions;

/// <summary>
/// The protocol card of a competition's human-baseline study, linked from the leaderboard's human row: how the
/// figure was measured and what it is. Built with the API's own views for this visitor (<see cref="StudyView"/> and
/// <see cref="StudyResults"/> with the same detail and name rules), so the page never shows more than
/// <c>GET .../human-study</c> and <c>.../results</c> would: while the competition is open, no seed, item ids,
/// per-annotator or per-item figures for anyone but its organizers.
/// </summary>
public sealed class HumanStudyProtocolModel(ArenaDb db, TimeProvider clock) : CompetitionPage(db, clock)
{
    public override CompetitionTab Tab => CompetitionTab.HumanStudy;

    public StudyView Study { get; private set; } = null!;
    public StudyResults Results { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        var study = await Db.HumanStudies.AsNoTracking().FirstOrDefaultAsync(s => s.CompetitionId == Competition.Id, cancellation);
        if (study is null) return NotFound();
        var context = new StudyContext(Competition, study, Organizes);
        var record = await StudyRecord.LoadAsync(Db, study, cancellation);
        Study = StudyView.Of(context, record, Now);
        Results = StudyResults.For(context, record, Now);
        ViewData["Title"] = $"Human baseline protocol · {Competition.Title}";
        return Page();
    }
}

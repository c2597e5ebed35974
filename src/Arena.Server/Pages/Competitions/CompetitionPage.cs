using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Competitions;

/// <summary>The tabs of a competition page, in the order shown.</summary>
public enum CompetitionTab { Overview, Data, Leaderboard, Submit, Submissions, Charts, HumanStudy, Manage }

/// <summary>
/// What every competition tab needs: the competition as the visitor may see it (404 otherwise, as on the API), its
/// state, and whether the visitor runs it. A tab page derives from this and calls <see cref="LoadAsync"/> first.
/// </summary>
public abstract class CompetitionPage(ArenaDb db, TimeProvider clock) : PageModel
{
    protected ArenaDb Db { get; } = db;
    protected TimeProvider Clock { get; } = clock;

    public abstract CompetitionTab Tab { get; }

    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";

    public Competition Competition { get; private set; } = null!;
    public Viewer Viewer { get; private set; } = Viewer.Anonymous;
    public string State { get; private set; } = "";
    public bool Organizes { get; private set; }

    /// <summary>The competition has a human-baseline study (issue 8): signed-in visitors get its labelling tab.</summary>
    public bool HasHumanStudy { get; private set; }
    public bool SignedIn => Viewer.UserId is not null;
    public bool HigherIsBetter => MetricCatalog.TryFind(Competition.Metric, out var metric, out _) && metric.HigherIsBetter;
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Loads the competition; false (and a 404 to return) when the visitor may not see it.</summary>
    protected async Task<bool> LoadAsync(CancellationToken cancellation)
    {
        Viewer = await Viewer.ForAsync(HttpContext);
        var found = await Db.Competitions.AsNoTracking().VisibleTo(Db, Viewer).FirstOrDefaultAsync(c => c.Slug == Slug, cancellation);
        if (found is null) return false;
        Competition = found;
        State = found.StateAt(Now);
        Organizes = await Db.Competitions.OrganizedBy(Db, Viewer).AnyAsync(c => c.Id == found.Id, cancellation);
        HasHumanStudy = await Db.HumanStudies.AnyAsync(s => s.CompetitionId == found.Id, cancellation);
        ViewData["Title"] = $"{Tab} · {found.Title}";
        return true;
    }
}

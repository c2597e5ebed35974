using Arena.Contracts;
using Arena.Data;
using Arena.Scoring.Metrics;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Arena.Server.Leaderboards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages;

public sealed record CompetitionCard(
    string Slug, string Title, string Description, string Metric, bool HigherIsBetter, string State, DateTime? Deadline,
    int Participants, int? MyRank, string? GroupName, bool Organizing);

/// <summary>The home page: every competition the visitor may see, filtered by all, open, mine or one of their groups.</summary>
public sealed class IndexModel(ArenaDb db, LeaderboardBuilder leaderboards, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Show { get; set; } = "all";
    public List<CompetitionCard> Cards { get; private set; } = [];
    public List<(string Slug, string Name)> MyGroups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var viewer = await Viewer.ForAsync(HttpContext);
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = viewer.UserId ?? Guid.Empty;
        MyGroups = (await db.GroupMembers.Where(m => m.UserId == userId).Join(db.Groups, m => m.GroupId, g => g.Id, (_, g) => new { g.Slug, g.Name })
            .OrderBy(g => g.Name).ToListAsync(cancellation)).Select(g => (g.Slug, g.Name)).ToList();
        var groupNames = await db.Groups.AsNoTracking().ToDictionaryAsync(g => g.Id, g => (g.Slug, g.Name), cancellation);
        var competitions = await db.Competitions.AsNoTracking().VisibleTo(db, viewer).OrderBy(c => c.Deadline == null).ThenBy(c => c.Deadline).ThenBy(c => c.Slug).ToListAsync(cancellation);
        var organizing = (await db.Competitions.AsNoTracking().OrganizedBy(db, viewer).Select(c => c.Id).ToListAsync(cancellation)).ToHashSet();
        var entered = (await db.Submissions.Where(s => s.UserId == userId).Select(s => s.CompetitionId).Distinct().ToListAsync(cancellation)).ToHashSet();
        var myName = viewer.UserId is null ? null : await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellation);

        foreach (var c in competitions)
        {
            var state = c.StateAt(now);
            var group = c.GroupId is { } g && groupNames.TryGetValue(g, out var found) ? found : default;
            var keep = Show switch
            {
                "open" => state == "open",
                "mine" => entered.Contains(c.Id) || (organizing.Contains(c.Id) && c.CreatedById == userId),
                _ when Show.StartsWith("group:", StringComparison.Ordinal) => group.Slug == Show["group:".Length..],
                _ => true,
            };
            if (!keep) continue;
            // One snapshot per card: fine for the dozens of competitions a study server holds.
            var snapshot = await leaderboards.BuildAsync(c, LeaderboardBuilder.PublicView, cancellation);
            var myRank = myName is null ? null
                : snapshot.Rows.FirstOrDefault(r => r.Kind == LeaderboardKinds.Participant && r.DisplayName == myName)?.Rank;
            Cards.Add(new CompetitionCard(c.Slug, c.Title, c.Description, c.Metric,
                MetricCatalog.TryFind(c.Metric, out var metric, out _) && metric.HigherIsBetter, state, c.Deadline,
                snapshot.Summary.Participants, myRank, group.Name, organizing.Contains(c.Id)));
        }
    }
}

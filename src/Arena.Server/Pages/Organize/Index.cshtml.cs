using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Organize;

public sealed record OrganizedCompetition(string Slug, string Title, string State, DateTime? Deadline, string? GroupName);

/// <summary>
/// The competitions the visitor runs, drafts first, and the bundle upload that creates a new draft. The roles are
/// read from the database as on the API, so a fresh grant shows this page at once.
/// </summary>
[Authorize]
public sealed class OrganizeModel(ArenaDb db, TimeProvider clock) : PageModel
{
    public List<OrganizedCompetition> Competitions { get; private set; } = [];

    /// <summary>The groups a draft may go into: those the visitor owns or organizes (every group for an admin).</summary>
    public List<(string Slug, string Name)> Groups { get; private set; } = [];

    /// <summary>Public competitions are for admins and the organizers they named; group organizers upload into a group.</summary>
    public bool MayCreatePublic { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        var viewer = await Viewer.ForAsync(HttpContext);
        if (!viewer.MayOrganize) return StatusCode(StatusCodes.Status403Forbidden);
        MayCreatePublic = viewer.IsAdmin || viewer.IsOrganizer;
        var now = clock.GetUtcNow().UtcDateTime;
        var groupNames = await db.Groups.AsNoTracking().ToDictionaryAsync(g => g.Id, g => g.Name, cancellation);
        var organized = await db.Competitions.AsNoTracking().OrganizedBy(db, viewer)
            .OrderBy(c => c.State).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Slug).ToListAsync(cancellation);
        Competitions = organized.Select(c => new OrganizedCompetition(c.Slug, c.Title, c.StateAt(now), c.Deadline,
            c.GroupId is { } g && groupNames.TryGetValue(g, out var name) ? name : null)).ToList();

        var userId = viewer.UserId ?? Guid.Empty;
        var groups = viewer.IsAdmin ? db.Groups.AsNoTracking()
            : db.Groups.AsNoTracking().Where(g => db.GroupMembers.Any(m => m.GroupId == g.Id && m.UserId == userId && m.Role != GroupRole.Member));
        Groups = (await groups.OrderBy(g => g.Name).Select(g => new { g.Slug, g.Name }).ToListAsync(cancellation)).Select(g => (g.Slug, g.Name)).ToList();
        return Page();
    }
}

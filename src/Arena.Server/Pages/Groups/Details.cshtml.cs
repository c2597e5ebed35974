using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Arena.Server.Groups;
using Arena.Server.Tracks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Groups;

public sealed record GroupCompetitionRow(string Slug, string Title, string State, DateTime? Deadline);

/// <summary>
/// One group: its competitions and members for everyone in it, invites and member management for those who run it.
/// Seen exactly as <c>GET /api/groups/{slug}</c> sees it (<see cref="GroupAccess.FindGroupAsync"/>: 404 for outsiders);
/// every change goes through the group API from groups-details.js, which enforces the rules again.
/// </summary>
[Authorize]
public sealed class DetailsModel(ArenaDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";

    public GroupStanding Standing { get; private set; } = null!;
    public string? Owner { get; private set; }
    public List<GroupMemberView> Members { get; private set; } = [];
    public List<GroupCompetitionRow> Competitions { get; private set; } = [];
    public List<TrackSummary> Tracks { get; private set; } = [];
    public string? MyUserName => User.Identity?.Name;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(HttpContext, Slug, cancellation) is not { } standing) return NotFound();
        Standing = standing;
        var group = standing.Group;
        ViewData["Title"] = group.Name;
        Owner = await db.Users.Where(u => u.Id == group.OwnerId).Select(u => u.UserName).FirstOrDefaultAsync(cancellation);
        var rows = await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == group.Id)
            .Select(m => new GroupMemberView(m.User!.UserName!, m.User.DisplayName, m.Role, m.JoinedAt))
            .ToListAsync(cancellation);
        // The API's order: the owner, then organizers, then members, each in the order they joined.
        Members = rows.OrderByDescending(m => m.Role).ThenBy(m => m.JoinedAt).ThenBy(m => m.UserName, StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var competitions = await db.Competitions.AsNoTracking().VisibleTo(db, await Viewer.ForAsync(HttpContext))
            .Where(c => c.GroupId == group.Id).OrderBy(c => c.Deadline == null).ThenBy(c => c.Deadline).ThenBy(c => c.Slug)
            .ToListAsync(cancellation);
        Competitions = competitions.Select(c => new GroupCompetitionRow(c.Slug, c.Title, c.StateAt(now), c.Deadline)).ToList();
        Tracks = await db.SummariesAsync(HttpContext, group.Id, cancellation);
        return Page();
    }

    /// <summary>Whether to offer "Remove": the rule of <c>DELETE /api/groups/{slug}/members/{userName}</c>.</summary>
    public bool MayRemove(GroupMemberView member) =>
        Standing.Runs && member.Role != GroupRole.Owner && (member.Role != GroupRole.Organizer || Standing.Owns);

    /// <summary>Only the owner names and unnames organizers, and the owner's own role never changes.</summary>
    public bool MaySetRole(GroupMemberView member) => Standing.Owns && member.Role != GroupRole.Owner;

    /// <summary>The owner cannot leave (the group would have no one to run it); an admin who is not a member has nothing to leave.</summary>
    public bool MayLeave => Standing.Role is not null && !Standing.Owns;
}

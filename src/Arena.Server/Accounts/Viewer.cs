using System.Security.Claims;
using Arena.Data;
using Arena.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Accounts;

/// <summary>
/// Who is asking. Roles and group organizing are read from the database, not from the token, so that a grant or a
/// removal applies at once instead of at the next sign-in.
/// </summary>
public sealed record Viewer(Guid? UserId, bool IsAdmin, bool IsOrganizer, bool OrganizesAGroup)
{
    public static readonly Viewer Anonymous = new(null, false, false, false);

    /// <summary>May reach the organizer routes: admins, organizers named by an admin, and group owners and organizers.</summary>
    public bool MayOrganize => IsAdmin || IsOrganizer || OrganizesAGroup;

    public static async Task<Viewer> ForAsync(ClaimsPrincipal? principal, ArenaDb db, CancellationToken cancellation)
    {
        if (principal?.UserId() is not { } userId) return Anonymous;
        var roles = await db.UserRoles.Where(r => r.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .ToListAsync(cancellation);
        var organizesAGroup = await db.GroupMembers.AnyAsync(m => m.UserId == userId && m.Role != GroupRole.Member, cancellation);
        return new Viewer(userId, roles.Contains(AccountsSetup.AdminRole), roles.Contains(AccountsSetup.OrganizerRole), organizesAGroup);
    }

    /// <summary>Once per request: the authorization handler and the endpoint share it.</summary>
    public static async Task<Viewer> ForAsync(HttpContext http)
    {
        if (http.Items[typeof(Viewer)] is Viewer known) return known;
        var viewer = await ForAsync(http.User, http.RequestServices.GetRequiredService<ArenaDb>(), http.RequestAborted);
        http.Items[typeof(Viewer)] = viewer;
        return viewer;
    }
}

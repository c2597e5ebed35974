using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Groups;

/// <summary>The caller's standing in a group they may see: their role (null for an admin who is not a member).</summary>
public sealed record GroupStanding(StudyGroup Group, Guid UserId, GroupRole? Role, bool IsAdmin)
{
    /// <summary>Invites, removing plain members and reading the audit: the owner, the group's organizers, and admins (who moderate every group).</summary>
    public bool Runs => IsAdmin || Role is GroupRole.Owner or GroupRole.Organizer;

    public bool Owns => Role == GroupRole.Owner;
}

/// <summary>
/// A group is seen by its members and by admins; to anyone else it answers 404, exactly like a group that does not
/// exist, so that its slug does not leak.
/// </summary>
public static class GroupAccess
{
    public static async Task<GroupStanding?> FindGroupAsync(this ArenaDb db, HttpContext http, string slug, CancellationToken cancellation)
    {
        var viewer = await Viewer.ForAsync(http);
        if (viewer.UserId is not { } userId) return null;
        var found = await db.Groups.AsNoTracking().Where(g => g.Slug == slug)
            .Select(g => new { Group = g, Role = db.GroupMembers.Where(m => m.GroupId == g.Id && m.UserId == userId).Select(m => (GroupRole?)m.Role).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellation);
        if (found is null || (found.Role is null && !viewer.IsAdmin)) return null;
        return new GroupStanding(found.Group, userId, found.Role, viewer.IsAdmin);
    }

    /// <summary>A member, found by user name as Identity normalizes it (case-insensitively), tracked for a change.</summary>
    public static Task<GroupMember?> FindMemberAsync(this ArenaDb db, int groupId, string userName, CancellationToken cancellation)
    {
        var normalized = userName.Trim().ToUpperInvariant();
        return db.GroupMembers.Include(m => m.User).FirstOrDefaultAsync(m => m.GroupId == groupId && m.User!.NormalizedUserName == normalized, cancellation);
    }

    /// <summary>As the API spells it (the audit log's JSON has no enum converter).</summary>
    public static string Name(this GroupRole role) => role.ToString().ToLowerInvariant();

    public static IResult NotAMember(string userName) => Problems.NotFound($"'{userName}' is not a member of this group.");

    public static IResult OnlyOrganizers() => Problems.Forbidden("Only the group's owner and organizers may do this.");

    public static IResult OnlyOwner() => Problems.Forbidden("Only the group's owner may do this.");
}

using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Audit;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Groups;

/// <summary>Who is in a group: the list, leaving, removal, and the owner naming organizers.</summary>
public static class GroupMembersApi
{
    public static void MapGroupMembers(this RouteGroupBuilder groups)
    {
        groups.MapGet("/{slug}/members", ListAsync);
        groups.MapPost("/{slug}/leave", LeaveAsync);
        groups.MapDelete("/{slug}/members/{userName}", RemoveAsync);
        groups.MapPut("/{slug}/members/{userName}/role", SetRoleAsync);
    }

    /// <summary>The owner first, then organizers, then members, each in the order they joined.</summary>
    static async Task<IResult> ListAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        var rows = await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == standing.Group.Id)
            .Select(m => new GroupMemberView(m.User!.UserName!, m.User.DisplayName, m.Role, m.JoinedAt))
            .ToListAsync(cancellation);
        return TypedResults.Ok(rows.OrderByDescending(m => m.Role).ThenBy(m => m.JoinedAt).ThenBy(m => m.UserName, StringComparer.Ordinal).ToList());
    }

    /// <summary>The owner cannot leave: the group would have no one to run it.</summary>
    static async Task<IResult> LeaveAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { Role: not null } standing) return TypedResults.NotFound();
        if (standing.Owns) return Problems.Conflict("The owner cannot leave the group.");
        var member = await db.GroupMembers.Include(m => m.User)
            .FirstOrDefaultAsync(m => m.GroupId == standing.Group.Id && m.UserId == standing.UserId, cancellation);
        if (member is null) return TypedResults.NoContent();
        db.GroupMembers.Remove(member);
        db.Record(clock, "member-left", standing.UserId, groupId: standing.Group.Id, details: new { userName = member.User!.UserName, role = member.Role.Name() });
        return await SaveRemovalAsync(db, cancellation);
    }

    /// <summary>The owner removes anyone but themself; organizers (and admins) remove plain members only.</summary>
    static async Task<IResult> RemoveAsync(string slug, string userName, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        if (!standing.Runs) return GroupAccess.OnlyOrganizers();
        var member = await db.FindMemberAsync(standing.Group.Id, userName, cancellation);
        if (member is null) return GroupAccess.NotAMember(userName);
        if (member.Role == GroupRole.Owner) return Problems.Conflict("The owner cannot be removed from the group.");
        if (member.Role == GroupRole.Organizer && !standing.Owns) return Problems.Forbidden("Only the group's owner may remove an organizer.");
        db.GroupMembers.Remove(member);
        db.Record(clock, "member-removed", standing.UserId, groupId: standing.Group.Id, details: new { userName = member.User!.UserName, role = member.Role.Name() });
        return await SaveRemovalAsync(db, cancellation);
    }

    /// <summary>A membership that another request removed first is gone either way.</summary>
    static async Task<IResult> SaveRemovalAsync(ArenaDb db, CancellationToken cancellation)
    {
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateConcurrencyException)
        {
        }
        return TypedResults.NoContent();
    }

    static async Task<IResult> SetRoleAsync(string slug, string userName, RoleChangeRequest request, HttpContext http, ArenaDb db,
        TimeProvider clock, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        if (!standing.Owns) return GroupAccess.OnlyOwner();
        GroupRole? role = request.Role?.Trim().ToLowerInvariant() switch
        {
            "member" => GroupRole.Member,
            "organizer" => GroupRole.Organizer,
            _ => null,
        };
        if (role is not { } newRole)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["The role must be 'member' or 'organizer'."] });
        var member = await db.FindMemberAsync(standing.Group.Id, userName, cancellation);
        if (member is null) return GroupAccess.NotAMember(userName);
        if (member.Role == GroupRole.Owner) return Problems.Conflict("The owner's role cannot be changed.");
        if (member.Role != newRole)
        {
            db.Record(clock, "role-changed", standing.UserId, groupId: standing.Group.Id,
                details: new { userName = member.User!.UserName, from = member.Role.Name(), to = newRole.Name() });
            member.Role = newRole;
            await db.SaveChangesAsync(cancellation);
        }
        return TypedResults.Ok(new MemberRole(member.User!.UserName!, newRole));
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Groups;

/// <summary>
/// Invite codes: whoever holds one may join, so a code is a secret. It is never logged, and the audit log keeps only
/// its first characters, enough for the organizers to tell their codes apart.
/// </summary>
public static class GroupInvitesApi
{
    public static void MapGroupInvites(this RouteGroupBuilder groups)
    {
        groups.MapPost("/{slug}/invites", CreateAsync);
        groups.MapGet("/{slug}/invites", ListAsync);
        groups.MapDelete("/{slug}/invites/{code}", RevokeAsync);
        groups.MapPost("/join", JoinAsync);
    }

    /// <summary>128 random bits, base64url without padding: 22 characters that travel in a URL unescaped.</summary>
    public static string NewCode() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static string LinkFor(string code) => $"/groups/join?code={code}";

    static string Hint(string code) => code[..Math.Min(4, code.Length)] + "…";

    /// <summary>Without <c>expiresAt</c> the code works until it is revoked.</summary>
    static async Task<IResult> CreateAsync(string slug, CreateInviteRequest? request, HttpContext http, ArenaDb db, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        if (!standing.Runs) return GroupAccess.OnlyOrganizers();
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = request?.ExpiresAt?.UtcDateTime;
        if (expiresAt <= now)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["expiresAt"] = ["expiresAt must be in the future; leave it out for a code that does not expire."] });
        var code = NewCode();
        db.GroupInvites.Add(new GroupInvite { GroupId = standing.Group.Id, Code = code, CreatedById = standing.UserId, CreatedAt = now, ExpiresAt = expiresAt });
        db.Record(clock, "invite-created", standing.UserId, groupId: standing.Group.Id, details: new { code = Hint(code), expiresAt });
        await db.SaveChangesAsync(cancellation);
        // The Location is the list, so that the code stays out of headers that proxies may log.
        return TypedResults.Created($"/api/groups/{slug}/invites", new InviteCreated(code, expiresAt, LinkFor(code)));
    }

    static async Task<IResult> ListAsync(string slug, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        if (!standing.Runs) return GroupAccess.OnlyOrganizers();
        var now = clock.GetUtcNow().UtcDateTime;
        var invites = await db.GroupInvites.AsNoTracking().Where(i => i.GroupId == standing.Group.Id)
            .OrderByDescending(i => i.Id)
            .Select(i => new { Invite = i, CreatedBy = db.Users.Where(u => u.Id == i.CreatedById).Select(u => u.UserName).FirstOrDefault() })
            .ToListAsync(cancellation);
        return TypedResults.Ok(invites.Select(x => new InviteView(x.Invite.Code, LinkFor(x.Invite.Code), StateOf(x.Invite, now),
            x.Invite.CreatedAt, x.Invite.ExpiresAt, x.Invite.RevokedAt, x.Invite.Uses, x.CreatedBy)).ToList());
    }

    /// <summary>An invite's <c>state</c> as the API and the join page name it.</summary>
    public static string StateOf(GroupInvite invite, DateTime now) =>
        invite.RevokedAt is not null ? "revoked" : invite.ExpiresAt <= now ? "expired" : "active";

    /// <summary>Revoking twice is harmless: the first revocation's time stays.</summary>
    static async Task<IResult> RevokeAsync(string slug, string code, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        if (!standing.Runs) return GroupAccess.OnlyOrganizers();
        var invite = await db.GroupInvites.FirstOrDefaultAsync(i => i.GroupId == standing.Group.Id && i.Code == code, cancellation);
        if (invite is null) return Problems.NotFound("This group has no such invite.");
        if (invite.RevokedAt is null)
        {
            invite.RevokedAt = clock.GetUtcNow().UtcDateTime;
            db.Record(clock, "invite-revoked", standing.UserId, groupId: standing.Group.Id, details: new { code = Hint(code), uses = invite.Uses });
            await db.SaveChangesAsync(cancellation);
        }
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A member who joins again gets 200 with their role unchanged, and uses no count, even with a code that has since
    /// expired: a retried request must not fail. Otherwise the use is counted by a conditional update, so a code
    /// revoked or expiring at that moment lets no one in.
    /// </summary>
    static async Task<IResult> JoinAsync(JoinRequest request, HttpContext http, ArenaDb db, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(request.Code))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["An invite code is required."] });
        var code = request.Code.Trim();
        var userId = http.User.UserId()!.Value;
        var invite = await db.GroupInvites.AsNoTracking().Include(i => i.Group).FirstOrDefaultAsync(i => i.Code == code, cancellation);
        if (invite is null) return Problems.NotFound("No invite has this code.");
        var group = invite.Group!;
        if (await RoleOfAsync(db, group.Id, userId, cancellation) is { } role) return TypedResults.Ok(new Joined(group.Slug, role));

        var now = clock.GetUtcNow().UtcDateTime;
        if (Unusable(invite, now) is { } refusal) return refusal;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        var counted = await db.GroupInvites
            .Where(i => i.Id == invite.Id && i.RevokedAt == null && (i.ExpiresAt == null || i.ExpiresAt > now))
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.Uses, x => x.Uses + 1), cancellation);
        if (counted == 0)
        {
            var current = await db.GroupInvites.AsNoTracking().FirstAsync(i => i.Id == invite.Id, cancellation);
            return Unusable(current, now) ?? Problems.Conflict("The invite changed while joining; try again.");
        }
        db.GroupMembers.Add(new GroupMember { GroupId = group.Id, UserId = userId, Role = GroupRole.Member, JoinedAt = now });
        db.Record(clock, "member-joined", userId, groupId: group.Id, details: new { userName = http.User.Identity?.Name, invite = Hint(code) });
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateException)
        {
            // The same user joined in a parallel request: theirs counted, this one rolls back and answers the same.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (await RoleOfAsync(db, group.Id, userId, cancellation) is { } joined) return TypedResults.Ok(new Joined(group.Slug, joined));
            throw;
        }
        await transaction.CommitAsync(cancellation);
        logs.CreateLogger(typeof(GroupInvitesApi)).LogInformation("User {UserId} joined group {Group} with an invite", userId, group.Slug);
        return TypedResults.Ok(new Joined(group.Slug, GroupRole.Member));
    }

    static Task<GroupRole?> RoleOfAsync(ArenaDb db, int groupId, Guid userId, CancellationToken cancellation) =>
        db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId && m.UserId == userId).Select(m => (GroupRole?)m.Role).FirstOrDefaultAsync(cancellation);

    /// <summary>410 Gone, saying whether the code was revoked or has expired; null while it still works.</summary>
    static IResult? Unusable(GroupInvite invite, DateTime now)
    {
        if (invite.RevokedAt is not null)
            return Gone("Invite revoked", "This invite was revoked by the group's organizers; ask them for a new one.", "revoked", invite.RevokedAt);
        if (invite.ExpiresAt <= now)
            return Gone("Invite expired", $"This invite expired at {invite.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}; ask the group's organizers for a new one.", "expired", invite.ExpiresAt);
        return null;
    }

    static IResult Gone(string title, string detail, string reason, DateTime? at) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status410Gone, title: title,
            extensions: new Dictionary<string, object?> { ["reason"] = reason, ["at"] = at });
}

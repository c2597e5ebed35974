using Arena.Data.Entities;

namespace Arena.Server.Groups;

public sealed record CreateGroupRequest(string? Slug, string? Name);

public sealed record GroupCreated(string Slug);

/// <summary>One of the caller's groups, with the caller's role in it.</summary>
public sealed record GroupSummary(string Slug, string Name, GroupRole Role);

/// <summary><see cref="Role"/> is the caller's; null for an admin who is not a member.</summary>
public sealed record GroupDetails(string Slug, string Name, string? Owner, DateTime CreatedAt, GroupRole? Role, int MemberCount,
    IReadOnlyList<GroupCompetition> Competitions);

public sealed record GroupCompetition(string Slug, string Title);

public sealed record GroupMemberView(string UserName, string DisplayName, GroupRole Role, DateTime JoinedAt);

public sealed record RoleChangeRequest(string? Role);

public sealed record MemberRole(string UserName, GroupRole Role);

public sealed record CreateInviteRequest(DateTimeOffset? ExpiresAt);

/// <summary><see cref="Link"/> is relative, for a web page to offer: <c>/groups/join?code=…</c>.</summary>
public sealed record InviteCreated(string Code, DateTime? ExpiresAt, string Link);

/// <summary><see cref="State"/> is <c>active</c>, <c>expired</c> or <c>revoked</c>.</summary>
public sealed record InviteView(string Code, string Link, string State, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, int Uses, string? CreatedBy);

public sealed record JoinRequest(string? Code);

public sealed record Joined(string Slug, GroupRole Role);

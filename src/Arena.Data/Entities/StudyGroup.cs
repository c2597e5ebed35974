namespace Arena.Data.Entities;

public enum GroupRole { Member, Organizer, Owner }

/// <summary>A study group: its members see the group's competitions; its owner and organizers run them.</summary>
public sealed class StudyGroup
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public Guid OwnerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<GroupMember> Members { get; set; } = [];
}

public sealed class GroupMember
{
    public int GroupId { get; set; }
    public Guid UserId { get; set; }
    public ArenaUser? User { get; set; }
    public GroupRole Role { get; set; }
    public DateTime JoinedAt { get; set; }
}

/// <summary>A code that lets anyone who has it join a group, until it expires or is revoked.</summary>
public sealed class GroupInvite
{
    public int Id { get; set; }
    public int GroupId { get; set; }
    public StudyGroup? Group { get; set; }
    public required string Code { get; set; }
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public int Uses { get; set; }
}

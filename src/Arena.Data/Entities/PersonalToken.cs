namespace Arena.Data.Entities;

/// <summary>
/// A long-lived API token for scripts and the CLI. Only a SHA-256 hash of the secret is kept, so a copy of the database
/// signs no one in; <see cref="Prefix"/> is the secret's harmless start, shown so that the owner can tell tokens apart.
/// </summary>
public sealed class PersonalToken
{
    public int Id { get; set; }
    public Guid UserId { get; set; }
    public ArenaUser? User { get; set; }
    public required string Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the whole token, prefix included.</summary>
    public required string Hash { get; set; }

    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }

    /// <summary>Kept to the minute: it is written at most once a minute per token.</summary>
    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

namespace Arena.Data.Entities;

/// <summary>
/// A one-time claim on the whole site, such as becoming the first admin. The name is the primary key, so when two
/// requests race for the same claim the database lets exactly one of them insert it.
/// </summary>
public sealed class SiteClaim
{
    public const string FirstAdmin = "first-admin";

    public required string Name { get; set; }
    public Guid UserId { get; set; }
    public DateTime ClaimedAt { get; set; }
}

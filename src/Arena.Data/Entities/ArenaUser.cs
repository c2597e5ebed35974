using Microsoft.AspNetCore.Identity;

namespace Arena.Data.Entities;

public sealed class ArenaUser : IdentityUser<Guid>
{
    /// <summary>Shown on leaderboards; the user name unless the user picks another.</summary>
    public string DisplayName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

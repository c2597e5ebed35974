using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Accounts;

/// <summary>Creating an account, shared by the API and the sign-up page.</summary>
public sealed class Registration(UserManager<ArenaUser> users, RoleManager<IdentityRole<Guid>> roles, ArenaDb db, ArenaOptions options, TimeProvider clock)
{
    public const int MaxUserName = 64;
    public const int MaxEmail = 256;
    public const int MaxPassword = 1024;

    /// <summary>
    /// The new account, or the problems by field (userName, email, password). The first account on a fresh server
    /// becomes its admin, and so does the configured admin user name.
    /// </summary>
    public async Task<(RegisteredUser? User, Dictionary<string, string[]> Problems)> CreateAccountAsync(RegisterRequest request)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName)) problems["userName"] = ["A user name is required."];
        if (string.IsNullOrWhiteSpace(request.Email)) problems["email"] = ["An email address is required."];
        if (string.IsNullOrEmpty(request.Password)) problems["password"] = ["A password is required."];
        // The columns hold 256 characters (PostgreSQL refuses more, SQLite would keep megabytes); a name is shown on
        // every leaderboard row, so it is kept much shorter; a password longer than this only costs hashing time.
        if (request.UserName?.Trim().Length > MaxUserName) problems["userName"] = [$"At most {MaxUserName} characters, not {request.UserName.Trim().Length}."];
        if (request.Email?.Trim().Length > MaxEmail) problems["email"] = [$"At most {MaxEmail} characters, not {request.Email.Trim().Length}."];
        if (request.Password?.Length > MaxPassword) problems["password"] = [$"At most {MaxPassword} characters, not {request.Password.Length}."];
        if (problems.Count > 0) return (null, problems);

        var user = new ArenaUser
        {
            UserName = request.UserName!.Trim(),
            Email = request.Email!.Trim(),
            DisplayName = request.UserName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return (null, created.Errors
                .GroupBy(e => FieldOf(e.Code))
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }
        var isAdmin = string.Equals(user.UserName, options.AdminUserName?.Trim(), StringComparison.OrdinalIgnoreCase)
            || await ClaimFirstAdminAsync(user);
        if (isAdmin)
        {
            if (!await roles.RoleExistsAsync(AccountsSetup.AdminRole)) await roles.CreateAsync(new IdentityRole<Guid>(AccountsSetup.AdminRole));
            await users.AddToRoleAsync(user, AccountsSetup.AdminRole);
        }
        return (new RegisteredUser(user.Id, user.UserName, isAdmin), problems);
    }

    /// <summary>
    /// On a server without an admin, the first account to claim it becomes one. Counting users would let two
    /// simultaneous registrations both win (or both lose); the claim row's primary key lets exactly one insert it.
    /// </summary>
    async Task<bool> ClaimFirstAdminAsync(ArenaUser user)
    {
        var hasAdmin = await db.UserRoles.Join(db.Roles.Where(r => r.Name == AccountsSetup.AdminRole), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId).AnyAsync();
        if (hasAdmin) return false;
        var claim = db.SiteClaims.Add(new SiteClaim { Name = SiteClaim.FirstAdmin, UserId = user.Id, ClaimedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            claim.State = EntityState.Detached;
            return false;
        }
    }

    static string FieldOf(string identityErrorCode) =>
        identityErrorCode.Contains("Password", StringComparison.Ordinal) ? "password"
        : identityErrorCode.Contains("Email", StringComparison.Ordinal) ? "email"
        : "userName";
}

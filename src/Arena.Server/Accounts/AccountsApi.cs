using System.Security.Claims;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Accounts;

public sealed record RegisterRequest(string? UserName, string? Email, string? Password);

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record RegisteredUser(Guid Id, string UserName, bool IsAdmin);

public static class AccountsApi
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AllowAnonymous();
        auth.MapPost("/register", RegisterAsync);
        auth.MapPost("/login", LoginAsync);
    }

    /// <summary>The first account on a fresh server becomes its admin, and so does the configured admin user name.</summary>
    static async Task<Results<Created<RegisteredUser>, ValidationProblem>> RegisterAsync(
        RegisterRequest request, UserManager<ArenaUser> users, RoleManager<IdentityRole<Guid>> roles, ArenaDb db, ArenaOptions options, TimeProvider clock)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName)) problems["userName"] = ["A user name is required."];
        if (string.IsNullOrWhiteSpace(request.Email)) problems["email"] = ["An email address is required."];
        if (string.IsNullOrEmpty(request.Password)) problems["password"] = ["A password is required."];
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);

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
            return TypedResults.ValidationProblem(created.Errors
                .GroupBy(e => FieldOf(e.Code))
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }
        var isAdmin = string.Equals(user.UserName, options.AdminUserName?.Trim(), StringComparison.OrdinalIgnoreCase)
            || await ClaimFirstAdminAsync(db, user, clock);
        if (isAdmin)
        {
            if (!await roles.RoleExistsAsync(AccountsSetup.AdminRole)) await roles.CreateAsync(new IdentityRole<Guid>(AccountsSetup.AdminRole));
            await users.AddToRoleAsync(user, AccountsSetup.AdminRole);
        }
        return TypedResults.Created($"/api/users/{user.Id}", new RegisteredUser(user.Id, user.UserName, isAdmin));
    }

    /// <summary>
    /// On a server without an admin, the first account to claim it becomes one. Counting users would let two
    /// simultaneous registrations both win (or both lose); the claim row's primary key lets exactly one insert it.
    /// </summary>
    static async Task<bool> ClaimFirstAdminAsync(ArenaDb db, ArenaUser user, TimeProvider clock)
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

    /// <summary>Answers with the bearer handler's own token response: <c>{tokenType, accessToken, expiresIn, refreshToken}</c>.</summary>
    static async Task<Results<SignInHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest request, UserManager<ArenaUser> users, SignInManager<ArenaUser> signIn)
    {
        var user = string.IsNullOrWhiteSpace(request.UserName) ? null : await users.FindByNameAsync(request.UserName.Trim());
        if (user is null || string.IsNullOrEmpty(request.Password) || !await users.CheckPasswordAsync(user, request.Password))
            return TypedResults.Problem("The user name or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    static string FieldOf(string identityErrorCode) =>
        identityErrorCode.Contains("Password", StringComparison.Ordinal) ? "password"
        : identityErrorCode.Contains("Email", StringComparison.Ordinal) ? "email"
        : "userName";

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}

using System.Security.Claims;
using Arena.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

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

    static async Task<Results<Created<RegisteredUser>, ValidationProblem>> RegisterAsync(RegisterRequest request, Registration registration)
    {
        var (user, problems) = await registration.CreateAccountAsync(request);
        if (user is null) return TypedResults.ValidationProblem(problems);
        return TypedResults.Created($"/api/users/{user.Id}", user);
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

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}

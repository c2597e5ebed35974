using System.Globalization;
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

    /// <summary>
    /// Answers with the bearer handler's own token response: <c>{tokenType, accessToken, expiresIn, refreshToken}</c>.
    /// A wrong password is 401; a locked account 401 saying until when; too many failures 429 with Retry-After.
    /// </summary>
    static async Task<IResult> LoginAsync(LoginRequest request, PasswordSignIn passwords, SignInManager<ArenaUser> signIn, HttpContext http)
    {
        var check = await passwords.CheckAsync(request.UserName, request.Password, http);
        switch (check.Refusal)
        {
            case SignInRefusal.TooManyFailures:
                http.Response.Headers.RetryAfter = check.Seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(check.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins",
                    extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = check.Seconds });
            case SignInRefusal.LockedOut:
                return TypedResults.Problem(check.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Account locked",
                    extensions: new Dictionary<string, object?> { ["lockedUntil"] = check.LockedUntil });
            case SignInRefusal.WrongPassword:
                return TypedResults.Problem(check.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }
        var principal = await signIn.CreateUserPrincipalAsync(check.User!);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}

using Arena.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Arena.Server.Accounts;

public sealed record OrganizerGrant(string? UserName);

public static class AdminApi
{
    public static void MapAdmin(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/admin/organizers", GrantOrganizerAsync).RequireAuthorization(AccountsSetup.AdminPolicy);

    static async Task<Results<Ok, ProblemHttpResult>> GrantOrganizerAsync(
        OrganizerGrant request, UserManager<ArenaUser> users, RoleManager<IdentityRole<Guid>> roles)
    {
        var user = string.IsNullOrWhiteSpace(request.UserName) ? null : await users.FindByNameAsync(request.UserName.Trim());
        if (user is null)
            return TypedResults.Problem($"No user '{request.UserName}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        if (!await roles.RoleExistsAsync(AccountsSetup.OrganizerRole)) await roles.CreateAsync(new IdentityRole<Guid>(AccountsSetup.OrganizerRole));
        if (!await users.IsInRoleAsync(user, AccountsSetup.OrganizerRole)) await users.AddToRoleAsync(user, AccountsSetup.OrganizerRole);
        return TypedResults.Ok();
    }
}

using Microsoft.AspNetCore.Authorization;

namespace Arena.Server.Accounts;

/// <summary>The organizer policy: admins, organizers named by an admin, and the owners and organizers of a study group.</summary>
public sealed class OrganizerRequirement : IAuthorizationRequirement;

public sealed class OrganizerRequirementHandler(IHttpContextAccessor http) : AuthorizationHandler<OrganizerRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizerRequirement requirement)
    {
        if (http.HttpContext is not { } request || context.User.UserId() is null) return;
        if ((await Viewer.ForAsync(request)).MayOrganize) context.Succeed(requirement);
    }
}

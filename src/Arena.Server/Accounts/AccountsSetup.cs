using Arena.Contracts;
using Arena.Data;
using Arena.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Arena.Server.Accounts;

public static class AccountsSetup
{
    public const string AdminRole = ArenaRoles.Admin;
    public const string OrganizerRole = ArenaRoles.Organizer;
    public const string AdminPolicy = "admin";

    /// <summary>Admins, the organizers they name, and group owners and organizers (read from the database).</summary>
    public const string OrganizerPolicy = "organizer";

    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddAuthentication(PersonalTokens.EitherScheme)
            .AddPolicyScheme(PersonalTokens.EitherScheme, "Personal token or sign-in token", either => either.ForwardDefaultSelector = PersonalTokens.SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, PersonalTokenHandler>(PersonalTokens.Scheme, configureOptions: null)
            .AddCookie(IdentityConstants.ApplicationScheme, BrowserCookie.Configure)
            .AddBearerToken(IdentityConstants.BearerScheme, bearer =>
            {
                bearer.BearerTokenExpiration = TimeSpan.FromDays(7);
                bearer.Events = new BearerTokenEvents
                {
                    // Browsers' WebSocket API cannot set headers, so the hub also takes the token from the query string.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments(ILeaderboardHub.Path)
                            && context.Request.Query["access_token"] is { Count: > 0 } token)
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole))
            .AddPolicy(OrganizerPolicy, policy => policy.RequireAuthenticatedUser().AddRequirements(new OrganizerRequirement()));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Registration>();
        var limits = builder.Configuration.GetSection(SignInLimits.Section).Get<SignInLimits>() ?? new SignInLimits();
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<UnknownNameLockouts>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, OrganizerRequirementHandler>();
        // Tokens are protected with these keys: kept in the database under one application name, so a token issued
        // by one node works on every node and survives restarts and new containers.
        builder.Services.AddDataProtection().SetApplicationName("Arena").PersistKeysToDbContext<ArenaDb>();
        builder.Services
            .AddIdentityCore<ArenaUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                // Length is what makes a password strong; character-class rules mostly annoy (NIST SP 800-63B).
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.Password.RequiredLength = 8;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = limits.LockoutAfter;
                identity.Lockout.DefaultLockoutTimeSpan = limits.LockoutFor;
            })
            .AddUserManager<ArenaUserManager>()
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ArenaDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
    }
}

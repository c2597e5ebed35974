using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Arena.Server.Accounts;

/// <summary>
/// The browser's sign-in: an HttpOnly, SameSite=Lax cookie. Pages redirect to the sign-in page; the API and the hub
/// answer 401 and 403 instead, because a script or the CLI cannot follow a redirect to a form.
/// </summary>
public static class BrowserCookie
{
    public const string Name = "arena.auth";
    public const string SignInPath = "/account/signin";

    public static void Configure(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = Name;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = SignInPath;
        cookie.LogoutPath = "/account/signout";
        cookie.AccessDeniedPath = "/account/denied";
        cookie.Events = new CookieAuthenticationEvents
        {
            OnRedirectToLogin = context => AnswerOrRedirect(context, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = context => AnswerOrRedirect(context, StatusCodes.Status403Forbidden),
        };
    }

    /// <summary>
    /// True when the request was signed in with the browser cookie: the default scheme reads the cookie exactly when
    /// no bearer token came (the principal itself looks the same either way).
    /// </summary>
    public static bool SignedInViaCookie(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && PersonalTokens.TokenOf(http.Request) is null;

    /// <summary>Routes that programs call: they get status codes and problem details, never a redirect or an HTML page.</summary>
    public static bool IsMachineRoute(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health");

    static Task AnswerOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachineRoute(context.Request.Path)) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

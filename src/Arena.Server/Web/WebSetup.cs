using Arena.Server.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;

namespace Arena.Server.Web;

/// <summary>
/// The browser pages: Razor Pages rendered on the server, small ES modules, and libraries copied into wwwroot/lib (no
/// CDN, because Arena is self-hosted). Pages read through the DbContext; their scripts act through the same JSON API
/// as the CLI, signed in with the browser cookie and an anti-forgery header.
/// </summary>
public static class WebSetup
{
    public const string AntiforgeryHeader = "RequestVerificationToken";

    public static void AddWebPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Account");
            pages.Conventions.AllowAnonymousToPage("/Account/SignIn");
            pages.Conventions.AllowAnonymousToPage("/Account/SignUp");
            pages.Conventions.AllowAnonymousToPage("/Account/Denied");
        });
        // The API's routes as an OpenAPI document, for clients and for the security sweep that crawls every route.
        builder.Services.AddOpenApi();
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Behind nginx (deploy/nginx.conf) the client's address and scheme arrive in these headers. They are
            // believed only from a trusted proxy: loopback by default, others named in Arena:TrustedProxies.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var entry in (builder.Configuration["Arena:TrustedProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (entry.Contains('/')) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                else forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(entry));
            }
        });
        // One year, the value HSTS preload lists ask for; no includeSubDomains, since Arena cannot speak for other
        // sites under its domain. Only HTTPS answers carry it (a browser ignores it over HTTP anyway).
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.Name = "arena.antiforgery";
        });
    }

    /// <summary>The client's address and scheme from a trusted proxy, HSTS on HTTPS answers, security headers on every answer, then the static files (before authentication: they are public).</summary>
    public static void UseWebPages(this WebApplication app)
    {
        // First, so that the scheme HSTS looks at and the address sign-in limits count are the client's.
        app.UseForwardedHeaders();
        app.UseHsts();
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return next(http);
        });
        // The API keeps its problem details; a person in a browser gets a page.
        app.UseWhen(http => !BrowserCookie.IsMachineRoute(http.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseStaticFiles();
        // Routing runs after the re-execute above, so that /error/{code} is routed to its page.
        app.UseRouting();
    }

    /// <summary>
    /// A cookie travels with every request the browser makes, including ones another site triggers, so an API call
    /// that changes something and is signed in by the cookie must also carry the page's anti-forgery token. Token
    /// callers (CLI, scripts) are not affected: a site cannot make a browser send them.
    /// </summary>
    public static void UseCookieForgeryGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(http.Request.Method)
                && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
                && BrowserCookie.SignedInViaCookie(http)
                // Without the header the check would fall back to reading the form, buffering a whole upload first.
                && (!http.Request.Headers.ContainsKey(AntiforgeryHeader)
                    || !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http)))
            {
                await Results.Problem(
                    $"This request was signed in by the browser cookie but did not carry the page's anti-forgery token in the {AntiforgeryHeader} header. Reload the page and try again.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid anti-forgery token").ExecuteAsync(http);
                return;
            }
            await next(http);
        });
    }

    /// <summary>
    /// The pages, and the OpenAPI document at <c>/api/openapi/v1.json</c>: for signed-in callers, like every route not
    /// on the short anonymous list (the README's table says the same to anyone); under /api, so it answers 401 rather
    /// than redirecting to the sign-in page.
    /// </summary>
    public static void MapWebPages(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapOpenApi("/api/openapi/{documentName}.json").RequireAuthorization();
    }

    /// <summary>
    /// No inline script or style anywhere, so injected markup cannot run. connect-src 'self' covers the hub's WebSocket
    /// on the same host; images may be data: URLs (charts exported by the browser).
    /// </summary>
    const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
}

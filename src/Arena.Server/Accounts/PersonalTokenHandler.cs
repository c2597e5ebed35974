using System.Security.Claims;
using System.Text.Encodings.Web;
using Arena.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Arena.Server.Accounts;

/// <summary>
/// Signs in a request that carries a personal token, with the same claims as a password sign-in plus the user's roles
/// from the database, so that role-based policies (admin) hold for tokens too. An unknown, revoked or expired token
/// fails with one message that says nothing about which, and never names the token.
/// </summary>
public sealed class PersonalTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ArenaDb db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Last use is kept to the minute, so a busy script does not write a row on every request.</summary>
    static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = PersonalTokens.TokenOf(Request);
        if (!PersonalTokens.IsPersonalToken(token)) return AuthenticateResult.NoResult();
        var hash = PersonalTokens.HashOf(token!);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.PersonalTokens.AsNoTracking().Where(t => t.Hash == hash)
            .Select(t => new { t.Id, t.UserId, t.User!.UserName, t.ExpiresAt, t.RevokedAt, t.LastUsedAt })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now)
            return AuthenticateResult.Fail("The personal token is unknown, revoked or expired.");

        if (found.LastUsedAt is null || found.LastUsedAt <= now - UseResolution)
        {
            // Conditional, so that parallel requests write once between them.
            var staleBefore = now - UseResolution;
            await db.PersonalTokens.Where(t => t.Id == found.Id && (t.LastUsedAt == null || t.LastUsedAt <= staleBefore))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var roles = await db.UserRoles.Where(r => r.UserId == found.UserId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .ToListAsync(Context.RequestAborted);
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, found.UserId.ToString()),
            new(ClaimTypes.Name, found.UserName ?? ""),
            .. roles.OfType<string>().Select(role => new Claim(ClaimTypes.Role, role)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, PersonalTokens.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}

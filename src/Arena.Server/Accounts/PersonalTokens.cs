using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Arena.Contracts;

namespace Arena.Server.Accounts;

/// <summary>
/// Personal tokens: <c>arena_</c> and 256 random bits in base64url. The prefix lets the server route a token to the right
/// handler, and lets people and secret scanners recognise a leaked one.
/// </summary>
public static class PersonalTokens
{
    public const string Scheme = "PersonalToken";

    /// <summary>
    /// The default scheme: a personal token goes to <see cref="Scheme"/>, any other bearer token to Identity's bearer
    /// tokens, and a request without one to the browser's sign-in cookie.
    /// </summary>
    public const string EitherScheme = "PersonalTokenOrBearer";

    public const string Prefix = "arena_";

    /// <summary>How much of the random part the owner sees: 48 of its 256 bits, enough to tell tokens apart.</summary>
    const int ShownCharacters = 8;

    public static string NewSecret() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A fast hash is enough: the secret has 256 random bits, so there is nothing to guess and no need to stretch it.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string ShownPrefixOf(string token) => token[..(Prefix.Length + ShownCharacters)];

    public static bool IsPersonalToken(string? token) => token?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// The request's bearer token, read the way Identity's bearer handler reads it: on the hub the <c>access_token</c>
    /// query parameter first (browsers' WebSocket API cannot set headers), otherwise the Authorization header.
    /// </summary>
    public static string? TokenOf(HttpRequest request)
    {
        if (request.Path.StartsWithSegments(ILeaderboardHub.Path) && request.Query["access_token"] is { Count: > 0 } query) return query.ToString();
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    public static string SchemeFor(HttpContext http) => TokenOf(http.Request) switch
    {
        null => Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme,
        var token when IsPersonalToken(token) => Scheme,
        _ => Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme,
    };

    /// <summary>True when the caller signed in with a personal token rather than with a password.</summary>
    public static bool ViaPersonalToken(this ClaimsPrincipal user) => user.Identity?.AuthenticationType == Scheme;
}

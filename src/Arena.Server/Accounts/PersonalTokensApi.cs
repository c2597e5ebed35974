using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Accounts;

/// <summary>Without <c>expiresAt</c> the token works until it is revoked.</summary>
public sealed record CreateTokenRequest(string? Name, DateTimeOffset? ExpiresAt);

/// <summary>The only answer that carries <see cref="Token"/>: the server keeps just its hash.</summary>
public sealed record TokenCreated(int Id, string Name, string Token, DateTime CreatedAt, DateTime? ExpiresAt);

public sealed record TokenView(int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>Long-lived personal API tokens for scripts and the CLI, each seen and revoked by its owner only.</summary>
public static class PersonalTokensApi
{
    public const int MaxNameLength = 100;

    public static void MapPersonalTokens(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/tokens").RequireAuthorization();
        tokens.MapPost("/", CreateAsync);
        tokens.MapGet("/", ListAsync);
        tokens.MapDelete("/{id:int}", RevokeAsync);
    }

    /// <summary>
    /// Only a password sign-in makes tokens: a leaked personal token must not be able to make another one that
    /// outlives its own revocation.
    /// </summary>
    static async Task<IResult> CreateAsync(CreateTokenRequest? request, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        if (http.User.ViaPersonalToken())
            return Problems.Forbidden("A personal token cannot make personal tokens; sign in with your password to make one.");
        var name = request?.Name?.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = request?.ExpiresAt?.UtcDateTime;
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(name)) problems["name"] = ["A name is required, to tell your tokens apart."];
        else if (name.Length > MaxNameLength) problems["name"] = [$"The name is longer than {MaxNameLength} characters."];
        if (expiresAt <= now) problems["expiresAt"] = ["expiresAt must be in the future; leave it out for a token that does not expire."];
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);

        var secret = PersonalTokens.NewSecret();
        var token = new PersonalToken
        {
            UserId = http.User.UserId()!.Value,
            Name = name!,
            Hash = PersonalTokens.HashOf(secret),
            Prefix = PersonalTokens.ShownPrefixOf(secret),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.PersonalTokens.Add(token);
        await db.SaveChangesAsync(cancellation);
        // The Location is the list, so that the secret stays out of headers that proxies may log.
        return TypedResults.Created("/api/tokens", new TokenCreated(token.Id, token.Name, secret, token.CreatedAt, token.ExpiresAt));
    }

    /// <summary>Newest first, revoked and expired ones included, so the owner sees what was cut off and when.</summary>
    static async Task<List<TokenView>> ListAsync(HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var userId = http.User.UserId()!.Value;
        return await db.PersonalTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id)
            .Select(t => new TokenView(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellation);
    }

    /// <summary>Revoking twice is harmless: the first revocation's time stays. Another user's token is answered as a missing one.</summary>
    static async Task<IResult> RevokeAsync(int id, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var userId = http.User.UserId()!.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var revoked = await db.PersonalTokens.Where(t => t.Id == id && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellation);
        if (revoked == 0 && !await db.PersonalTokens.AnyAsync(t => t.Id == id && t.UserId == userId, cancellation))
            return Problems.NotFound("You have no such token.");
        return TypedResults.NoContent();
    }
}

using System.Globalization;
using Arena.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace Arena.Server.Accounts;

public enum SignInRefusal { None, WrongPassword, LockedOut, TooManyFailures }

/// <summary>What a password sign-in came to: the user, or why not (with when the lockout ends or how long to wait).</summary>
public sealed record SignInCheck(ArenaUser? User, SignInRefusal Refusal, DateTimeOffset? LockedUntil = null, TimeSpan? RetryAfter = null)
{
    public const string WrongMessage = "The user name or password is wrong.";

    public string Message => Refusal switch
    {
        SignInRefusal.LockedOut => $"This account is locked after too many wrong passwords, until {LockedUntil!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC. Try again then.",
        SignInRefusal.TooManyFailures => $"Too many failed sign-ins from this address or for this user name. Try again in {Seconds} seconds.",
        _ => WrongMessage,
    };

    public int Seconds => (int)Math.Max(1, Math.Ceiling((RetryAfter ?? TimeSpan.Zero).TotalSeconds));
}

/// <summary>
/// The one password check behind the API's <c>/api/auth/login</c> and the <c>/account/signin</c> page: the throttle
/// first, then Identity's lockout (<c>lockoutOnFailure: true</c>). An unknown name is answered exactly like a known one,
/// lockout included (<see cref="UnknownNameLockouts"/>), and pays for a hash so that timing does not tell either.
/// </summary>
public sealed class PasswordSignIn(ArenaUserManager users, SignInManager<ArenaUser> signIn, SignInThrottle throttle, UnknownNameLockouts unknown)
{
    /// <summary>A hash of a random password, checked for unknown names so that they cost what a real check costs.</summary>
    static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<ArenaUser>().HashPassword(new ArenaUser(), Guid.NewGuid().ToString()));

    public async Task<SignInCheck> CheckAsync(string? userName, string? password, HttpContext http)
    {
        var name = userName?.Trim() ?? "";
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.RetryAfter(address, name) is { } wait) return new(null, SignInRefusal.TooManyFailures, RetryAfter: wait);

        var check = await VerifyAsync(name, password ?? "");
        if (check.Refusal != SignInRefusal.None) throttle.Failed(address, name);
        return check;
    }

    async Task<SignInCheck> VerifyAsync(string name, string password)
    {
        var user = name.Length == 0 ? null : await users.FindByNameAsync(name);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new ArenaUser(), DummyHash.Value, password);
            if (name.Length == 0) return new(null, SignInRefusal.WrongPassword);
            var locked = unknown.LockedUntil(name) ?? unknown.Failed(name);
            return locked is null ? new(null, SignInRefusal.WrongPassword) : new(null, SignInRefusal.LockedOut, locked);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded) return new(user, SignInRefusal.None);
        return result.IsLockedOut && await users.LockedUntilAsync(user) is { } until
            ? new(null, SignInRefusal.LockedOut, until)
            : new(null, SignInRefusal.WrongPassword);
    }
}

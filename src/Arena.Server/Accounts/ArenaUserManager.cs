using Arena.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Arena.Server.Accounts;

/// <summary>
/// Identity's user manager with lockout read from <see cref="TimeProvider"/> (Identity itself reads the wall clock),
/// so that a lockout can be seen to lift in a test. Same rule as Identity's: the N-th wrong password in a row locks the
/// account for the lockout time and resets the count.
/// </summary>
public sealed class ArenaUserManager(
    IUserStore<ArenaUser> store, IOptions<IdentityOptions> options, IPasswordHasher<ArenaUser> hasher,
    IEnumerable<IUserValidator<ArenaUser>> userValidators, IEnumerable<IPasswordValidator<ArenaUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<ArenaUser>> logger,
    TimeProvider clock)
    : UserManager<ArenaUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override async Task<bool> IsLockedOutAsync(ArenaUser user) =>
        await LockedUntilAsync(user) is not null;

    /// <summary>When the account's lockout ends, or null when it is not locked.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(ArenaUser user) =>
        SupportsUserLockout && await GetLockoutEnabledAsync(user) && await GetLockoutEndDateAsync(user) is { } end && end > clock.GetUtcNow()
            ? end : null;

    public override async Task<IdentityResult> AccessFailedAsync(ArenaUser user)
    {
        var lockouts = (IUserLockoutStore<ArenaUser>)Store;
        var failures = await lockouts.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (failures >= Options.Lockout.MaxFailedAccessAttempts)
        {
            await lockouts.SetLockoutEndDateAsync(user, clock.GetUtcNow() + Options.Lockout.DefaultLockoutTimeSpan, CancellationToken);
            await lockouts.ResetAccessFailedCountAsync(user, CancellationToken);
        }
        return await UpdateUserAsync(user);
    }
}

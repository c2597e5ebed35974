using System.Threading.RateLimiting;

namespace Arena.Server.Accounts;

/// <summary>
/// Failed sign-ins per client address and per user name, counted by System.Threading.RateLimiting's fixed-window
/// limiters (the ones ASP.NET Core's rate-limiting middleware partitions). The middleware takes a permit for every
/// request; here a permit is taken only when a sign-in fails, and a sign-in is refused while either partition is empty.
/// Counts live in this process: behind nginx's ip_hash one address keeps reaching one node.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    readonly SignInLimits _limits;
    readonly PartitionedRateLimiter<string> _byAddress, _byName;

    public SignInThrottle(SignInLimits limits)
    {
        _limits = limits;
        _byAddress = Limiter(limits.FailuresPerAddress, limits.Window);
        _byName = Limiter(limits.FailuresPerUserName, limits.Window);
    }

    /// <summary>Null while a sign-in may be tried; otherwise how long to wait.</summary>
    public TimeSpan? RetryAfter(string address, string userName)
    {
        foreach (var (limiter, key) in Partitions(address, userName))
        {
            // Zero permits asks whether any are left without taking one.
            using var lease = limiter.AttemptAcquire(key, 0);
            if (!lease.IsAcquired) return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _limits.Window;
        }
        return null;
    }

    public void Failed(string address, string userName)
    {
        foreach (var (limiter, key) in Partitions(address, userName)) limiter.AttemptAcquire(key).Dispose();
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byName.Dispose();
    }

    IEnumerable<(PartitionedRateLimiter<string>, string)> Partitions(string address, string userName) =>
        [(_byAddress, address), (_byName, userName.ToUpperInvariant())];

    static PartitionedRateLimiter<string> Limiter(int failures, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, failures),
            Window = window,
            QueueLimit = 0,
        }));
}

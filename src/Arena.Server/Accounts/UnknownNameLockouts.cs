using System.Collections.Concurrent;

namespace Arena.Server.Accounts;

/// <summary>
/// Identity's lockout rule played for user names that have no account, so that "locked until" is answered for them
/// too and a locked message never tells a prober that a name exists. Kept in memory: a forgotten entry only means an
/// unknown name starts counting afresh.
/// </summary>
public sealed class UnknownNameLockouts(SignInLimits limits, TimeProvider clock)
{
    /// <summary>Entries kept before idle ones are dropped; the per-address limit bounds how fast one client adds them.</summary>
    const int MaxEntries = 10_000;

    sealed record Entry(int Failures, DateTimeOffset? LockedUntil, DateTimeOffset LastFailure);

    readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public DateTimeOffset? LockedUntil(string userName) =>
        _entries.TryGetValue(userName, out var entry) && entry.LockedUntil > clock.GetUtcNow() ? entry.LockedUntil : null;

    /// <summary>Counts a wrong password; answers when the name is now locked until, as Identity would.</summary>
    public DateTimeOffset? Failed(string userName)
    {
        var now = clock.GetUtcNow();
        if (_entries.Count >= MaxEntries) Prune(now);
        var entry = _entries.AddOrUpdate(userName, _ => Next(new Entry(0, null, now), now), (_, old) => Next(old, now));
        return entry.LockedUntil > now ? entry.LockedUntil : null;
    }

    Entry Next(Entry old, DateTimeOffset now)
    {
        var failures = old.Failures + 1;
        return failures >= limits.LockoutAfter ? new Entry(0, now + limits.LockoutFor, now) : old with { Failures = failures, LastFailure = now };
    }

    void Prune(DateTimeOffset now)
    {
        foreach (var (name, entry) in _entries)
            if (!(entry.LockedUntil > now) && entry.LastFailure < now - limits.Window) _entries.TryRemove(name, out _);
    }
}

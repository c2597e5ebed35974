namespace Arena.Server.Accounts;

/// <summary>
/// The <c>Arena:SignIn</c> section: how many wrong passwords an account, a user name and a client address may send.
/// Only failed sign-ins count, so a classroom signing in at once from behind one NAT address is never slowed down.
/// </summary>
public sealed class SignInLimits
{
    public const string Section = "Arena:SignIn";

    /// <summary>Wrong passwords in a row that lock an account (ASP.NET Identity's lockout, kept in the database).</summary>
    public int LockoutAfter { get; set; } = 5;

    /// <summary>How long a locked account stays locked: long enough to make guessing slow, short enough that a
    /// student who forgot a password is back within one break.</summary>
    public TimeSpan LockoutFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed sign-ins from one client address per <see cref="Window"/>; above it, 429 for every name
    /// (stops one address from trying one password on many accounts).</summary>
    public int FailuresPerAddress { get; set; } = 30;

    /// <summary>Failed sign-ins for one user name per <see cref="Window"/>, from any address; above it, 429.</summary>
    public int FailuresPerUserName { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

using System.Globalization;

namespace Arena.Cli.Organizers;

// The organizer API's answers, as far as the CLI reads them (src/Arena.Server's DTOs; the CLI does not reference the server).

public sealed record CheckItem(string Check, string Severity, string Message)
{
    public bool IsError => Severity == "error";
}

public sealed record CheckReport(bool HasErrors, bool HasWarnings, IReadOnlyList<CheckItem> Items)
{
    public int Count(string severity) => Items.Count(i => i.Severity == severity);
}

public sealed record DraftCreated(string Slug);

public sealed record Published(string Slug, string State);

public sealed record RevealState(bool Revealed, DateTime? RevealedAt, DateTime? RevealAt, DateTime? Deadline);

public sealed record RescoreStarted(int RunId);

public sealed record RescoreRun(int RunId, int Total, int Done, int Changed, string ScorerVersion, DateTime RequestedAt, DateTime? FinishedAt);

/// <summary>Times given on the command line (ISO 8601, UTC unless an offset is given) and printed back.</summary>
public static class Times
{
    public static DateTimeOffset? Parse(string? text, string option)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at.ToUniversalTime();
        throw CliException.Usage($"{option} '{text}' is not a date and time: use ISO 8601, such as 2027-06-30T23:59:59Z");
    }

    public static string Show(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Show(DateTime at) => Show(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)));

    /// <summary>Asks <paramref name="read"/> every poll interval until <paramref name="done"/>, or until the timeout.</summary>
    public static async Task<T> PollAsync<T>(CliContext context, Func<Task<T>> read, Func<T, bool> done, Action<T> seen, TimeSpan timeout,
        CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            seen(value);
            if (done(value) || clock.Elapsed >= timeout) return value;
            await Task.Delay(context.Host.PollInterval, cancellation);
        }
    }
}

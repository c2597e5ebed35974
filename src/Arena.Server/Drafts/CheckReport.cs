namespace Arena.Server.Drafts;

public enum CheckSeverity { Ok, Warning, Error }

/// <summary>
/// One finding of the pre-publish report. <see cref="Check"/> is a stable code ("ids", "usage-ratio", "stability",
/// "dry-run", "label-leak", "value-range", "solution") that pages and API clients can group by.
/// </summary>
public sealed record CheckItem(string Check, CheckSeverity Severity, string Message, IReadOnlyDictionary<string, object?>? Details = null)
{
    public static CheckItem Ok(string check, string message, IReadOnlyDictionary<string, object?>? details = null) => new(check, CheckSeverity.Ok, message, details);
    public static CheckItem Warning(string check, string message, IReadOnlyDictionary<string, object?>? details = null) => new(check, CheckSeverity.Warning, message, details);
    public static CheckItem Error(string check, string message, IReadOnlyDictionary<string, object?>? details = null) => new(check, CheckSeverity.Error, message, details);

    public override string ToString() => $"[{Severity}] {Check}: {Message}";
}

/// <summary>The report shown to organizers before a draft is published; a draft with errors should not be published.</summary>
public sealed record CheckReport(IReadOnlyList<CheckItem> Items)
{
    public bool HasErrors => Items.Any(i => i.Severity == CheckSeverity.Error);
    public bool HasWarnings => Items.Any(i => i.Severity == CheckSeverity.Warning);

    public IEnumerable<CheckItem> For(string check) => Items.Where(i => i.Check == check);
}

/// <summary>Stable codes of <see cref="CheckItem.Check"/>.</summary>
public static class CheckCodes
{
    public const string Solution = "solution";
    public const string Ids = "ids";
    public const string UsageRatio = "usage-ratio";
    public const string Stability = "stability";
    public const string DryRun = "dry-run";
    public const string LabelLeak = "label-leak";
    public const string ValueRange = "value-range";
}

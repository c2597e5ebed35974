using Arena.Cli.Client;
using Arena.Cli.Competitions;
using Arena.Cli.Output;

namespace Arena.Cli.Organizers;

/// <summary>The pre-publish report as a table (check, severity, message), and its verdict as the exit code.</summary>
public static class CheckReportOutput
{
    static readonly string[] Columns = ["check", "severity", "message"];

    public static Task<string> ReadAsync(ArenaClient client, string slug, CancellationToken cancellation) =>
        client.GetTextAsync(ApiPaths.Competition(slug, "/checks"), Refusals.Organizing(slug), cancellation);

    /// <summary>Prints the report; exits 1 while it has errors, which a draft must not be published with.</summary>
    public static int Write(CliContext context, FormatOptions formats, string slug, string text)
    {
        var report = ArenaClient.Read<CheckReport>(text, "checks");
        if (context.Parse.GetValue(formats.Json)) FormatOptions.WriteJson(context, text);
        else TableOutput.Write(context, Columns, report.Items.Select(i => new object?[] { i.Check, i.Severity, i.Message }), context.Parse.GetValue(formats.Csv));
        if (report.HasErrors)
        {
            var errors = report.Count("error");
            context.Error.WriteLine($"arena: the pre-publish report of {slug} has {errors} {(errors == 1 ? "error" : "errors")}: "
                + $"fix the bundle, `arena c delete {slug}`, and create it again");
            return CommandLine.Invalid;
        }
        if (!context.Parse.GetValue(formats.Json) && !context.Parse.GetValue(formats.Csv))
        {
            var warnings = report.Count("warning");
            context.Output.WriteLine($"No errors{(warnings == 0 ? "" : $" ({warnings} {(warnings == 1 ? "warning" : "warnings")})")}");
        }
        return CommandLine.Ok;
    }
}

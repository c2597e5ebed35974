using System.CommandLine;
using Arena.Cli.Client;
using Arena.Cli.Output;

namespace Arena.Cli.Competitions;

/// <summary><c>arena c validate SLUG -f FILE</c>: the server's full validation report; nothing is stored or counted.</summary>
public static class ValidateVerb
{
    static readonly string[] Columns = ["line", "column", "id", "code", "message"];

    public static Command Create(CliHost host)
    {
        var competition = new CompetitionArgument();
        var file = new Option<string>("--file", "-f") { Description = "the file to check", Required = true };
        var formats = new FormatOptions();
        var command = new Command("validate", "Check a submission file against the competition without spending a submission") { file };
        competition.AddTo(command);
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var slug = competition.Resolve(context);
            var upload = Uploads.Existing(context.Parse.GetRequiredValue(file));
            using var client = context.Connect();
            client.RequireToken();
            var text = await Uploads.SendAsync(context, client, ApiPaths.Competition(slug, "/submissions/validate"), upload, null,
                Refusals.Competition(slug), cancellation);
            var report = ArenaClient.Read<ValidationReport>(text, "validate");
            if (context.Parse.GetValue(formats.Json)) FormatOptions.WriteJson(context, text);
            else if (report.Valid) context.Output.WriteLine($"{upload.Name} is valid for {slug} (nothing was submitted)");
            else
            {
                var csv = context.Parse.GetValue(formats.Csv);
                TableOutput.Write(context, Columns, report.Errors.Select(e => new object?[] { e.Line, e.Column, e.Id, e.Code, e.Message }), csv);
                if (!csv && report.ErrorCount > report.Errors.Count) context.Output.WriteLine($"… and {report.ErrorCount - report.Errors.Count} more errors");
            }
            if (report.Valid) return CommandLine.Ok;
            var first = report.Errors.FirstOrDefault();
            context.Error.WriteLine($"arena: {upload.Name} is invalid: {report.ErrorCount} {(report.ErrorCount == 1 ? "error" : "errors")}"
                + (first is null ? "" : $", the first: {first}"));
            return CommandLine.Invalid;
        });
        return command;
    }
}

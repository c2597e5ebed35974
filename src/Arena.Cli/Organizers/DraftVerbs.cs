using System.CommandLine;
using System.Net;
using Arena.Cli.Client;
using Arena.Cli.Competitions;

namespace Arena.Cli.Organizers;

/// <summary><c>arena c checks|publish|delete SLUG</c>: a draft's report, publishing it, or removing it to upload a fixed bundle.</summary>
public static class DraftVerbs
{
    public static Command Checks(CliHost host)
    {
        var slug = Slug();
        var formats = new FormatOptions();
        var command = new Command("checks", "Print a competition's pre-publish report (ids, usage ratio, stability, dry run, label leaks, score range)") { slug };
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            return CheckReportOutput.Write(context, formats, competition, await CheckReportOutput.ReadAsync(client, competition, cancellation));
        });
        return command;
    }

    public static Command Publish(CliHost host)
    {
        var slug = Slug();
        var command = new Command("publish", "Publish a draft whose pre-publish report has no errors: participants see it from then on") { slug };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            try
            {
                await client.PostAsync<Published>(ApiPaths.Competition(competition, "/publish"), null, Refusals.Organizing(competition), cancellation);
            }
            catch (CliException e) when (e.Status == HttpStatusCode.Conflict)
            {
                // The 409 is either "already published" or a report with errors; the report names the errors.
                var report = ArenaClient.Read<CheckReport>(await CheckReportOutput.ReadAsync(client, competition, cancellation), "checks");
                if (!report.HasErrors) throw;
                var errors = report.Items.Where(i => i.IsError).ToList();
                context.Error.WriteLine($"arena: {competition} was not published: its pre-publish report has {errors.Count} {(errors.Count == 1 ? "error" : "errors")}; "
                    + $"fix the bundle, `arena c delete {competition}`, and create it again");
                foreach (var error in errors) context.Error.WriteLine($"{error.Check}: {CommandLine.OneLine(error.Message)}");
                return CommandLine.Invalid;
            }
            context.Output.WriteLine($"Published {competition}");
            return CommandLine.Ok;
        });
        return command;
    }

    public static Command Delete(CliHost host)
    {
        var slug = Slug();
        var command = new Command("delete", "Delete a draft with its files (a published competition stays)") { slug };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            await client.DeleteAsync(ApiPaths.Competition(competition), Refusals.Organizing(competition), cancellation);
            context.Output.WriteLine($"Deleted the draft {competition}");
            return CommandLine.Ok;
        });
        return command;
    }

    public static Argument<string> Slug() => new("SLUG") { Description = "the competition's slug" };
}

using System.CommandLine;
using System.Net.Http.Headers;
using Arena.Cli.Client;

namespace Arena.Cli.Humans;

/// <summary>
/// The organizers' verbs on a study as a record: close it (no more answers), delete it (only while it has none),
/// export it (the whole record as JSON, or one CSV row per response, with user names and gold labels) and import an
/// export into a competition that has no study.
/// </summary>
public static class HumanStudyRecordVerbs
{
    public static Command Close(CliHost host)
    {
        var slug = HumanStudyCommand.Slug();
        var command = new Command("close", "Close the study: no more answers; the results stand as they are (an unanswered item counts as a skip)") { slug };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            var study = await client.PostAsync<StudyView>(HumanStudyCommand.Path(competition, "/close"), null, HumanStudyCommand.NoStudy(competition), cancellation);
            context.Output.WriteLine($"Closed the human study of {competition}: {Count(study.Answers, "answer")} from {Count(study.Annotators, "annotator")}");
            return CommandLine.Ok;
        });
        return command;
    }

    public static Command Delete(CliHost host)
    {
        var slug = HumanStudyCommand.Slug();
        var command = new Command("delete", "Delete the study, only while nobody has answered (a study with answers is a record: close it)") { slug };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            await client.DeleteAsync(HumanStudyCommand.Path(competition), HumanStudyCommand.NoStudy(competition), cancellation);
            context.Output.WriteLine($"Deleted the human study of {competition}");
            return CommandLine.Ok;
        });
        return command;
    }

    public static Command Export(CliHost host)
    {
        var slug = HumanStudyCommand.Slug();
        var format = new Option<string>("--format") { Description = "json (the whole record, which import takes back) or csv (one row per response)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv");
        var output = new Option<string?>("--output", "-o") { Description = "the file to write (default: standard output)" };
        var command = new Command("export", "Export the study's record, with user names and gold labels (organizers only)") { slug, format, output };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            var path = context.Parse.GetValue(output);
            using var client = context.Connect();
            client.RequireToken();
            var request = new HttpRequestMessage(HttpMethod.Get, HumanStudyCommand.Path(competition, $"/export?format={context.Parse.GetValue(format)}"));
            using var response = await client.SendAsync(request, HumanStudyCommand.NoStudy(competition), cancellation, transfer: true);
            if (path is null)
            {
                context.Output.Write(await response.Content.ReadAsStringAsync(cancellation));
                return CommandLine.Ok;
            }
            var target = Path.GetFullPath(path);
            await using (var file = File.Create(target))
                await response.Content.CopyToAsync(file, cancellation);
            context.Output.WriteLine($"Exported the human study of {competition} to {target}");
            return CommandLine.Ok;
        });
        return command;
    }

    public static Command Import(CliHost host)
    {
        var slug = HumanStudyCommand.Slug();
        var file = new Argument<string>("FILE") { Description = "the JSON of an export (arena c human-study export --format json)" };
        var command = new Command("import", "Rebuild a study from an export, checked against this competition's files (it must have no study yet)") { slug, file };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            var path = Path.GetFullPath(context.Parse.GetRequiredValue(file));
            if (!File.Exists(path)) throw CliException.Usage($"no file {path}");
            using var client = context.Connect();
            client.RequireToken();
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(path, cancellation));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var study = await client.PostAsync<StudyView>(HumanStudyCommand.Path(competition, "/import"), content, Refusals.Organizing(competition), cancellation);
            context.Output.WriteLine($"Imported the human study of {competition}: {study.SampleSize} test items, {Count(study.Answers, "answer")} from {Count(study.Annotators, "annotator")}, "
                + $"status {study.Status}");
            return CommandLine.Ok;
        });
        return command;
    }

    static string Count(int count, string noun) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}

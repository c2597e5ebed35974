using System.CommandLine;
using System.Globalization;
using Arena.Cli.Client;
using Arena.Cli.Competitions;
using Arena.Cli.Organizers;
using Arena.Cli.Output;

namespace Arena.Cli.References;

public sealed record ReferenceRow(int Id, string Kind, string Name, string Source, double? PublicScore, double? PrivateScore, double? Tolerance,
    bool FromFile, int? PeopleCount, string Note, string Status);

/// <summary>
/// <c>arena references add|list|baseline|delete SLUG</c>: the rows participants measure themselves against (a human
/// figure, a paper's score, a benchmark), declared or scored from a file, and the ML.NET baseline trained on the server.
/// </summary>
public static class ReferencesCommand
{
    public static Command Create(CliHost host) => new("references", "A competition's reference rows: human, paper and benchmark scores")
    {
        AddVerb.Create(host), List(host), Baseline(host), Delete(host),
    };

    public static string Path(string slug, string rest = "") => ApiPaths.Competition(slug, "/references" + rest);

    static Command List(CliHost host)
    {
        var slug = DraftVerbs.Slug();
        var formats = new FormatOptions();
        var command = new Command("list", "List a competition's reference rows") { slug };
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.GetTextAsync(Path(competition), Refusals.Organizing(competition), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var rows = ArenaClient.Read<List<ReferenceRow>>(text, "references");
            TableOutput.Write(context, ["id", "kind", "name", "publicScore", "privateScore", "tolerance", "people", "status", "source"],
                rows.Select(r => new object?[] { r.Id, r.Kind, r.Name, r.PublicScore, r.PrivateScore, r.Tolerance, r.PeopleCount, r.Status, r.Source }),
                context.Parse.GetValue(formats.Csv));
            return CommandLine.Ok;
        });
        return command;
    }

    static Command Baseline(CliHost host)
    {
        var slug = DraftVerbs.Slug();
        var timeout = new Option<int>("--timeout") { Description = "seconds to wait for the training", DefaultValueFactory = _ => 600 };
        var command = new Command("baseline", "Train the ML.NET baseline on train.csv on the server, and wait for its scores") { slug, timeout };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            var started = await client.PostAsync<ReferenceRow>(Path(competition, "/baseline"), null, Refusals.Organizing(competition), cancellation);
            var limit = TimeSpan.FromSeconds(context.Parse.GetValue(timeout));
            var row = await Terminal.WithStatusAsync(context, "Training the ML.NET baseline…", () => Times.PollAsync(context,
                () => client.GetAsync<ReferenceRow>(Path(competition, $"/{started.Id}"), Refusals.Organizing(competition), cancellation),
                r => r.Status != "training", _ => { }, limit, cancellation));
            return row.Status switch
            {
                "ready" => Ready(context, row),
                "failed" => throw new CliException($"the ML.NET baseline of {competition} failed: {row.Note}"),
                _ => throw new CliException($"the ML.NET baseline (reference {row.Id}) is still {row.Status} after {limit.TotalSeconds:0} s; "
                    + $"see it later with: arena references list {competition}"),
            };
        });
        return command;
    }

    static int Ready(CliContext context, ReferenceRow row)
    {
        context.Output.WriteLine($"{row.Name} (reference {row.Id}) is ready: public score {TableOutput.Human(row.PublicScore)}, private score {TableOutput.Human(row.PrivateScore)}");
        if (row.Note.Length > 0) context.Output.WriteLine(row.Note);
        return CommandLine.Ok;
    }

    static Command Delete(CliHost host)
    {
        var slug = DraftVerbs.Slug();
        var id = new Argument<int>("ID") { Description = "the reference row's id, from 'arena references list'" };
        var command = new Command("delete", "Remove a reference row") { slug, id };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            var row = context.Parse.GetValue(id);
            using var client = context.Connect();
            client.RequireToken();
            var refusals = Refusals.Organizing(competition) with { NotFound = $"no reference {row.ToString(CultureInfo.InvariantCulture)} in '{competition}' (or the competition is not visible to you)" };
            await client.DeleteAsync(Path(competition, $"/{row.ToString(CultureInfo.InvariantCulture)}"), refusals, cancellation);
            context.Output.WriteLine($"Deleted reference {row.ToString(CultureInfo.InvariantCulture)} from {competition}");
            return CommandLine.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Arena.Cli.Client;
using Arena.Cli.Competitions;
using Arena.Cli.Organizers;
using Arena.Cli.Output;

namespace Arena.Cli.References;

/// <summary>
/// <c>arena references add SLUG --kind human|paper|benchmark --name NAME …</c>: a declared score (JSON), or with
/// <c>--file</c> a prediction file the server scores like a submission (a form).
/// </summary>
public static class AddVerb
{
    public static Command Create(CliHost host)
    {
        var slug = DraftVerbs.Slug();
        var kind = new Option<string>("--kind", "-k") { Description = "human, paper or benchmark", Required = true };
        kind.AcceptOnlyFromAmong("human", "paper", "benchmark");
        var name = new Option<string>("--name", "-n") { Description = "the row's name on the leaderboard", Required = true };
        var score = new Option<double?>("--score") { Description = "the declared score (shown in both views); leave out with --file" };
        var source = new Option<string?>("--source") { Description = "where the figure comes from (a human row's source, a paper's citation)" };
        var tolerance = new Option<double?>("--tolerance") { Description = "a paper row's tolerance: participants within it replicate the paper" };
        var people = new Option<int?>("--people") { Description = "how many people a human figure comes from" };
        var note = new Option<string?>("--note") { Description = "how the figure was measured" };
        var file = new Option<string?>("--file", "-f") { Description = "a prediction file to score like a submission, instead of --score" };
        var command = new Command("add", "Add a reference row: a declared score, or a prediction file scored on the server")
        {
            slug, kind, name, score, source, tolerance, people, note, file,
        };
        command.Validators.Add(result =>
        {
            var hasFile = result.GetValue(file) is not null;
            if (hasFile && result.GetValue(score) is not null) result.AddError("give either --score or --file, not both");
            if (!hasFile && result.GetValue(score) is null) result.AddError("a declared reference row needs --score (or --file to score a prediction file)");
        });
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            var parse = context.Parse;
            using var client = context.Connect();
            client.RequireToken();
            string text;
            if (parse.GetValue(file) is { } path)
            {
                var upload = Uploads.Existing(path);
                text = await Terminal.WithProgressAsync(context, $"Uploading {upload.Name}", upload.Length, progress =>
                {
                    var form = new MultipartFormDataContent { { new ProgressFileContent(upload.FullName, progress), "file", upload.Name } };
                    void Field(string field, string? value)
                    {
                        if (value is not null) form.Add(new StringContent(value), field);
                    }
                    Field("kind", parse.GetRequiredValue(kind));
                    Field("name", parse.GetRequiredValue(name));
                    Field("source", parse.GetValue(source));
                    Field("tolerance", parse.GetValue(tolerance)?.ToString("R", CultureInfo.InvariantCulture));
                    Field("peopleCount", parse.GetValue(people)?.ToString(CultureInfo.InvariantCulture));
                    Field("note", parse.GetValue(note));
                    return client.PostTextAsync(ReferencesCommand.Path(competition), form, Refusals.Organizing(competition), cancellation, transfer: true);
                });
            }
            else
            {
                text = await client.SendJsonTextAsync(HttpMethod.Post, ReferencesCommand.Path(competition), new
                {
                    kind = parse.GetRequiredValue(kind), name = parse.GetRequiredValue(name), score = parse.GetValue(score), source = parse.GetValue(source),
                    tolerance = parse.GetValue(tolerance), peopleCount = parse.GetValue(people), note = parse.GetValue(note),
                }, Refusals.Organizing(competition), cancellation);
            }
            var row = ArenaClient.Read<ReferenceRow>(text, "references");
            context.Output.WriteLine($"Added reference {row.Id} to {competition}: {row.Name} ({row.Kind}), public score {TableOutput.Human(row.PublicScore)}, "
                + $"private score {TableOutput.Human(row.PrivateScore)}");
            return CommandLine.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Arena.Cli.Client;
using Arena.Cli.Output;

namespace Arena.Cli.Competitions;

/// <summary><c>arena c list</c>: Kaggle's columns ref, deadline, metric, teamCount, userHasEntered.</summary>
public static class ListVerb
{
    static readonly string[] Columns = ["ref", "deadline", "metric", "teamCount", "userHasEntered"];

    /// <summary>The list holds neither counts nor the caller's entries; a few requests at a time fetch them per competition.</summary>
    const int ParallelRequests = 4;

    public static Command Create(CliHost host)
    {
        var search = new Option<string?>("--search", "-s") { Description = "only competitions whose slug, title or description contains TEXT" };
        var group = new Option<string?>("--group") { Description = "only the competitions of this study group (you must be a member)" };
        var formats = new FormatOptions();
        var command = new Command("list", "List the competitions you can see") { search, group };
        formats.AddTo(command);
        command.SetAction(host, (context, cancellation) => RunAsync(context, context.Parse.GetValue(search), context.Parse.GetValue(group),
            context.Parse.GetValue(formats.Json), context.Parse.GetValue(formats.Csv), cancellation));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, string? search, string? group, bool json, bool csv, CancellationToken cancellation)
    {
        using var client = context.Connect();
        var text = await client.GetTextAsync("api/competitions", new Refusals("the server has no competition list; is this an Arena server?"), cancellation);
        var all = ArenaClient.Read<List<CompetitionSummary>>(text, "api/competitions");

        // The list has no group field; a group's own details name its competitions.
        HashSet<string>? inGroup = null;
        if (group is not null)
        {
            var details = await client.GetAsync<GroupDetails>($"api/groups/{Uri.EscapeDataString(group)}", Refusals.Group(group), cancellation);
            inGroup = [.. details.Competitions.Select(c => c.Slug)];
        }
        bool Keep(string slug, string title, string description) =>
            (inGroup is null || inGroup.Contains(slug))
            && (search is null || $"{slug}\n{title}\n{description}".Contains(search, StringComparison.OrdinalIgnoreCase));

        if (json)
        {
            var array = JsonNode.Parse(text)!.AsArray();
            var kept = array.Where(c => Keep((string)c!["slug"]!, (string?)c["title"] ?? "", (string?)c["description"] ?? "")).Select(c => c!.DeepClone());
            FormatOptions.WriteJson(context, search is null && group is null ? text : new JsonArray([.. kept]).ToJsonString(ArenaClient.Json));
            return CommandLine.Ok;
        }

        var shown = all.Where(c => Keep(c.Slug, c.Title, c.Description)).ToList();
        var rows = new object?[shown.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, shown.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellation },
            async (i, token) =>
            {
                var c = shown[i];
                var details = await client.GetAsync<CompetitionDetails>(ApiPaths.Competition(c.Slug), Refusals.Competition(c.Slug), token);
                bool? entered = client.HasToken
                    ? (await client.GetAsync<List<SubmissionView>>(ApiPaths.Competition(c.Slug, "/submissions"), Refusals.Competition(c.Slug), token)).Count > 0
                    : null;
                rows[i] = [c.Slug, c.Deadline, c.Metric, details.Summary.Participants, entered];
            });
        TableOutput.Write(context, Columns, rows, csv);
        return CommandLine.Ok;
    }
}

using System.CommandLine;
using Arena.Cli.Client;
using Arena.Cli.Output;

namespace Arena.Cli.Competitions;

/// <summary>A verb that reads one route of a competition and prints it as a table, as CSV (--csv) or as the server's JSON (--json).</summary>
public static class TableVerb
{
    public static Command Create<T>(CliHost host, string name, string description, string route, string[] columns,
        Func<T, IEnumerable<object?[]>> rows, bool signedIn)
    {
        var competition = new CompetitionArgument();
        var formats = new FormatOptions();
        var command = new Command(name, description);
        competition.AddTo(command);
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var slug = competition.Resolve(context);
            using var client = context.Connect();
            if (signedIn) client.RequireToken();
            var text = await client.GetTextAsync(ApiPaths.Competition(slug, route), Refusals.Competition(slug), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            TableOutput.Write(context, columns, rows(ArenaClient.Read<T>(text, name)), context.Parse.GetValue(formats.Csv));
            return CommandLine.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using Arena.Cli.Client;
using Arena.Cli.Competitions;

namespace Arena.Cli.Organizers;

/// <summary>
/// <c>arena c close SLUG [--at ISO]</c> moves the deadline (the API has no "close now": a deadline must lie ahead, so
/// the default is a minute from now) and <c>arena c reveal SLUG [--at ISO]</c> reveals the private leaderboard now or
/// moves its reveal.
/// </summary>
public static class ClosingVerbs
{
    static readonly TimeSpan DefaultDelay = TimeSpan.FromMinutes(1);

    public static Command Close(CliHost host)
    {
        var slug = DraftVerbs.Slug();
        var at = new Option<string?>("--at") { Description = "the new deadline, ISO 8601 (default: one minute from now)" };
        var command = new Command("close", "Set the deadline: the closing job freezes the public leaderboard and reveals the private one then") { slug, at };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            var deadline = Times.Parse(context.Parse.GetValue(at), "--at") ?? TimeProvider.System.GetUtcNow().Add(DefaultDelay);
            using var client = context.Connect();
            client.RequireToken();
            await client.SendJsonTextAsync(HttpMethod.Patch, ApiPaths.Competition(competition), new { deadline }, Refusals.Organizing(competition), cancellation);
            context.Output.WriteLine($"{competition} closes at {Times.Show(deadline)}: the closing job runs then, freezing the public leaderboard "
                + "and revealing the private one (unless a later reveal is set)");
            return CommandLine.Ok;
        });
        return command;
    }

    public static Command Reveal(CliHost host)
    {
        var slug = DraftVerbs.Slug();
        var at = new Option<string?>("--at") { Description = "move the reveal to this time, ISO 8601 (default: reveal now)" };
        var command = new Command("reveal", "Reveal the private leaderboard now, or move its reveal with --at") { slug, at };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            var when = Times.Parse(context.Parse.GetValue(at), "--at");
            using var client = context.Connect();
            client.RequireToken();
            var path = ApiPaths.Competition(competition, "/reveal");
            var text = when is null
                ? await client.PostTextAsync(path, null, Refusals.Organizing(competition), cancellation)
                : await client.SendJsonTextAsync(HttpMethod.Post, path, new { at = when }, Refusals.Organizing(competition), cancellation);
            var state = ArenaClient.Read<RevealState>(text, "reveal");
            context.Output.WriteLine(state.Revealed
                ? $"Revealed the private leaderboard of {competition}" + (state.RevealedAt is { } revealed ? $" at {Times.Show(revealed)}" : "")
                : $"The private leaderboard of {competition} will be revealed at {(state.RevealAt is { } due ? Times.Show(due) : "the deadline")}");
            return CommandLine.Ok;
        });
        return command;
    }
}

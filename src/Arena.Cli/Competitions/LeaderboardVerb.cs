using System.CommandLine;
using Arena.Cli.Client;
using Arena.Cli.Output;
using Arena.Contracts;

namespace Arena.Cli.Competitions;

/// <summary>
/// <c>arena c leaderboard SLUG</c>: --show prints the top (the default), --download saves SLUG-leaderboard.csv,
/// --csv prints every row as CSV. Reference rows (human, benchmark, paper) are shown where their score places them.
/// </summary>
public static class LeaderboardVerb
{
    /// <summary>Kaggle's --show prints the top 20.</summary>
    const int Top = 20;

    public static Command Create(CliHost host)
    {
        var competition = new CompetitionArgument();
        var show = new Option<bool>("--show", "-s") { Description = $"print the top {Top} (the default)" };
        var download = new Option<bool>("--download", "-d") { Description = "save the whole leaderboard as SLUG-leaderboard.csv" };
        var path = new Option<string?>("--path", "-p") { Description = "the folder --download saves into (default: the current folder)" };
        var privateView = new Option<bool>("--private") { Description = "the private leaderboard (once it is revealed)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "keep the leaderboard on screen, updated live as scores land (Ctrl+C stops)" };
        var formats = new FormatOptions();
        var command = new Command("leaderboard", "Show or download a competition's leaderboard") { show, download, path, privateView, watch };
        competition.AddTo(command);
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var slug = competition.Resolve(context);
            if (context.Parse.GetValue(watch)) return await LeaderboardWatch.RunAsync(context, slug, cancellation);
            using var client = context.Connect();
            var view = context.Parse.GetValue(privateView) ? "private" : "public";
            var text = await client.GetTextAsync(ApiPaths.Competition(slug, $"/leaderboard?view={view}"), Refusals.Competition(slug), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var snapshot = ArenaClient.Read<LeaderboardSnapshot>(text, "leaderboard");
            var columns = Columns(snapshot);
            if (context.Parse.GetValue(download))
            {
                var folder = Path.GetFullPath(context.Parse.GetValue(path) ?? ".");
                Directory.CreateDirectory(folder);
                var target = Path.Combine(folder, $"{Path.GetFileName(slug)}-leaderboard.csv");
                await File.WriteAllTextAsync(target, TableOutput.Csv(columns, snapshot.Rows.Select(r => Cells(snapshot, r))), cancellation);
                context.Output.WriteLine($"Leaderboard saved to {target}");
                if (!context.Parse.GetValue(show) && !context.Parse.GetValue(formats.Csv)) return CommandLine.Ok;
            }
            if (context.Parse.GetValue(formats.Csv))
            {
                TableOutput.Write(context, columns, snapshot.Rows.Select(r => Cells(snapshot, r)), csv: true);
                return CommandLine.Ok;
            }
            WriteTop(context, snapshot, columns);
            return CommandLine.Ok;
        });
        return command;
    }

    static void WriteTop(CliContext context, LeaderboardSnapshot snapshot, string[] columns)
    {
        // Every reference row stays, wherever it ranks: they are what a participant measures themselves against.
        var participants = 0;
        var rows = snapshot.Rows.Where(r => r.Kind != LeaderboardKinds.Participant || ++participants <= Top).ToList();
        TableOutput.Write(context, columns, rows.Select(r => Cells(snapshot, r)), csv: false);
        var summary = snapshot.Summary;
        var line = $"{summary.Participants} {(summary.Participants == 1 ? "participant" : "participants")}";
        if (summary.Participants > Top) line += $" (the top {Top} shown; --csv prints all)";
        if (summary.BeatingHuman is { } beating) line += $", {beating} beating the human reference";
        if (summary.Replicating is { } replicating) line += $", {replicating} replicating a paper";
        if (summary.PublicFrozen) line += ", public leaderboard frozen";
        if (summary.PrivateRevealed && snapshot.View == "public") line += ", private leaderboard revealed (--private)";
        context.Output.WriteLine(line);
    }

    static string[] Columns(LeaderboardSnapshot snapshot)
    {
        string[] columns = snapshot.View == "private"
            ? ["rank", "displayName", "score", "kind", "submissionCount", "lastSubmittedAt", "publicRank", "shakeUp"]
            : ["rank", "displayName", "score", "kind", "submissionCount", "lastSubmittedAt"];
        // A measured human study (issue 8) adds the human row's interval and every row's figure on the study's items.
        return snapshot.HumanItems is null ? columns : [.. columns, "interval", "onHumanItems"];
    }

    static object?[] Cells(LeaderboardSnapshot snapshot, LeaderboardRow r)
    {
        object?[] cells = snapshot.View == "private"
            ? [r.Rank, new UntrustedText(r.DisplayName), r.Score, r.Kind, r.SubmissionCount, r.LastSubmittedAt, r.PublicRank, r.ShakeUp]
            : [r.Rank, new UntrustedText(r.DisplayName), r.Score, r.Kind, r.SubmissionCount, r.LastSubmittedAt];
        if (snapshot.HumanItems is not { } items) return cells;
        var interval = r.Human is { } human
            ? $"{HumanItemsText.Interval(human)} {HumanItemsText.Protocol(human)}{(human.Provisional ? " · provisional" : "")}"
            : null;
        var onItems = r.Human is not null ? HumanItemsText.HumanCell(items) : HumanItemsText.ParticipantCell(r.OnHumanItems);
        return [.. cells, interval, onItems];
    }
}

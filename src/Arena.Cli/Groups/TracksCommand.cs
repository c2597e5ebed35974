using System.CommandLine;
using System.Globalization;
using Arena.Cli.Client;
using Arena.Cli.Competitions;
using Arena.Cli.Output;

namespace Arena.Cli.Groups;

public sealed record TrackSummary(string Slug, string Name, string Description, int PaperCount);

public sealed record TrackPaper(int Id, int Position, string Competition, string CompetitionTitle, string Metric, string Citation, string? Url,
    double ReportedScore, double Tolerance, bool Revealed);

public sealed record TrackView(string Slug, string Name, List<TrackPaper> Papers);

public sealed record TrackCell(int PaperId, string Status, double? Score, string? ScoreView);

public sealed record TrackMemberRow(string UserName, string Role, int Replicated, int Provisional, int? NextPaperId, List<TrackCell> Papers);

public sealed record TrackTable(TrackView Track, List<TrackMemberRow> Members);

public sealed record PaperProgress(TrackPaper Paper, string Status, double? Score, string? ScoreView, double? Difference, int ScoredSubmissions);

public sealed record MemberProgress(string UserName, int Replicated, int Provisional, int Total, TrackPaper? Next, List<PaperProgress> Papers);

/// <summary>
/// <c>arena groups tracks list|show|progress</c>: a group's replication tracks, the members-by-papers table and one
/// member's progress (read only; organizers build tracks on the web page or through the API).
/// </summary>
public static class TracksCommand
{
    public static Command Create(CliHost host) => new("tracks", "Replication tracks: list a group's tracks, show a track's table, show progress")
    {
        List(host), Show(host), Progress(host),
    };

    static Argument<string> Group() => new("SLUG") { Description = "the group's slug" };

    static Argument<string> Track() => new("TRACK") { Description = "the track's slug" };

    static string TrackPath(string group, string track) => $"api/groups/{Uri.EscapeDataString(group)}/tracks/{Uri.EscapeDataString(track)}";

    static Refusals NoTrack(string group, string track) => new($"no track '{track}' in a group '{group}' that you are a member of");

    static string Score(double? score) => score?.ToString("0.######", CultureInfo.InvariantCulture) ?? "-";

    static Command List(CliHost host)
    {
        var group = Group();
        var formats = new FormatOptions();
        var command = new Command("list", "List a group's tracks: slug, name, papers") { group };
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var slug = context.Parse.GetRequiredValue(group);
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.GetTextAsync($"api/groups/{Uri.EscapeDataString(slug)}/tracks", Refusals.Group(slug), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var tracks = ArenaClient.Read<List<TrackSummary>>(text, "tracks");
            TableOutput.Write(context, ["slug", "name", "papers"], tracks.Select(t => new object?[] { t.Slug, new UntrustedText(t.Name), t.PaperCount }),
                context.Parse.GetValue(formats.Csv));
            return CommandLine.Ok;
        });
        return command;
    }

    static Command Show(CliHost host)
    {
        var (group, track) = (Group(), Track());
        var formats = new FormatOptions();
        var command = new Command("show", "Show a track's members by papers: userName, replicated, next, then one status column per paper") { group, track };
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var (slug, trackSlug) = (context.Parse.GetRequiredValue(group), context.Parse.GetRequiredValue(track));
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.GetTextAsync($"{TrackPath(slug, trackSlug)}/table", NoTrack(slug, trackSlug), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var table = ArenaClient.Read<TrackTable>(text, "track table");
            var papers = table.Track.Papers;
            var columns = new List<string> { "userName", "replicated", "next" };
            columns.AddRange(papers.Select(p => $"{p.Position + 1}:{p.Competition}"));
            TableOutput.Write(context, columns, table.Members.Select(m => new object?[]
                {
                    m.UserName, $"{m.Replicated}/{papers.Count}", papers.FirstOrDefault(p => p.Id == m.NextPaperId)?.Competition ?? "-",
                }.Concat(m.Papers.Select(c => (object?)(c.Score is null ? c.Status : $"{c.Status} {Score(c.Score)}"))).ToArray()),
                context.Parse.GetValue(formats.Csv));
            return CommandLine.Ok;
        });
        return command;
    }

    static Command Progress(CliHost host)
    {
        var (group, track) = (Group(), Track());
        var user = new Option<string?>("--user", "-u") { Description = "another member (the group's organizers only); default: you" };
        var formats = new FormatOptions();
        var command = new Command("progress", "Show a member's progress: position, competition, reported, tolerance, status, score, view, citation") { group, track, user };
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var (slug, trackSlug) = (context.Parse.GetRequiredValue(group), context.Parse.GetRequiredValue(track));
            var member = context.Parse.GetValue(user);
            var path = member is null ? $"{TrackPath(slug, trackSlug)}/progress" : $"{TrackPath(slug, trackSlug)}/members/{Uri.EscapeDataString(member)}/progress";
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.GetTextAsync(path, NoTrack(slug, trackSlug), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var progress = ArenaClient.Read<MemberProgress>(text, "progress");
            var csv = context.Parse.GetValue(formats.Csv);
            TableOutput.Write(context, ["position", "competition", "reported", "tolerance", "status", "score", "view", "citation"],
                progress.Papers.Select(p => new object?[]
                {
                    p.Paper.Position + 1, p.Paper.Competition, p.Paper.ReportedScore, p.Paper.Tolerance, p.Status, p.Score, p.ScoreView,
                    new UntrustedText(p.Paper.Citation),
                }), csv);
            if (!csv)
                context.Output.WriteLine(progress.Next is { } next
                    ? $"{progress.UserName}: {progress.Replicated} of {progress.Total} replicated; next: {next.Position + 1}. {next.Competition} (reach {Score(next.ReportedScore)} ± {Score(next.Tolerance)})"
                    : $"{progress.UserName}: {progress.Replicated} of {progress.Total} replicated");
            return CommandLine.Ok;
        });
        return command;
    }
}

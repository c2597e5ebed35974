using System.CommandLine;
using System.Diagnostics;
using Arena.Cli.Client;
using Arena.Cli.Output;

namespace Arena.Cli.Competitions;

/// <summary><c>arena c submit SLUG -f FILE -m MESSAGE</c>: upload, then wait for the score (unless --no-wait).</summary>
public static class SubmitVerb
{
    public static Command Create(CliHost host)
    {
        var competition = new CompetitionArgument();
        var file = new Option<string>("--file", "-f") { Description = "the submission file (.csv, .csv.gz or .zip)", Required = true };
        var message = new Option<string>("--message", "-m") { Description = "a description of this submission", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "return once the file is accepted, without waiting for the score" };
        var timeout = new Option<int>("--timeout") { Description = "seconds to wait for the score", DefaultValueFactory = _ => 600 };
        var command = new Command("submit", "Submit predictions and wait for the public score") { file, message, noWait, timeout };
        competition.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var slug = competition.Resolve(context);
            var upload = Uploads.Existing(context.Parse.GetRequiredValue(file));
            using var client = context.Connect();
            client.RequireToken();
            var text = await Uploads.SendAsync(context, client, ApiPaths.Competition(slug, "/submissions"), upload,
                context.Parse.GetRequiredValue(message), Refusals.Competition(slug), cancellation);
            var accepted = ArenaClient.Read<SubmissionAccepted>(text, "submit");
            context.Output.WriteLine($"Successfully submitted {upload.Name} to {slug}: submission {accepted.Id}");
            if (context.Parse.GetValue(noWait)) return CommandLine.Ok;

            var seconds = context.Parse.GetValue(timeout);
            var result = await Terminal.WithStatusAsync(context, "Waiting for the score…",
                () => WaitAsync(context, client, accepted.Id, TimeSpan.FromSeconds(seconds), cancellation));
            if (!result.IsFinished)
                throw new CliException($"submission {accepted.Id} is still {result.Status} after {seconds} s; see it later with: arena c submissions {slug}");
            return Report(context, upload.Name, result);
        });
        return command;
    }

    static async Task<SubmissionView> WaitAsync(CliContext context, ArenaClient client, Guid id, TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await client.GetAsync<SubmissionView>($"api/submissions/{id}", Refusals.Submission(id), cancellation);
            if (view.IsFinished || clock.Elapsed >= timeout) return view;
            await Task.Delay(context.Host.PollInterval, cancellation);
        }
    }

    static int Report(CliContext context, string fileName, SubmissionView result)
    {
        if (result.Status == "failed")
        {
            context.Error.WriteLine($"arena: {fileName} was not scored: {result.Errors.Count} {(result.Errors.Count == 1 ? "error" : "errors")} (a failed file does not count against the daily limit)");
            Uploads.WriteErrors(context.Error, fileName, result.Errors, result.Errors.Count);
            return CommandLine.Invalid;
        }
        var notes = new List<string>();
        if (result.IsLate) notes.Add("late: after the deadline, so not on the leaderboard");
        if (result.Sanction is not null) notes.Add($"{result.Sanction} by the organizers: {result.SanctionReason}");
        context.Output.WriteLine($"Public score: {TableOutput.Human(result.PublicScore)}" + (notes.Count == 0 ? "" : $" ({string.Join("; ", notes)})"));
        if (result.PrivateScore is { } privateScore) context.Output.WriteLine($"Private score: {TableOutput.Human(privateScore)}");
        return CommandLine.Ok;
    }
}

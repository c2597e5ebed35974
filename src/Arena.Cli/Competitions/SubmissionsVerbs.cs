using System.CommandLine;
using Arena.Cli.Client;

namespace Arena.Cli.Competitions;

/// <summary><c>arena c submissions</c>, and <c>select</c>/<c>unselect</c> to choose final submissions.</summary>
public static class SubmissionsVerbs
{
    /// <summary>Kaggle's columns (ref is the id that select takes), and whether the submission is chosen as final.</summary>
    static readonly string[] Columns = ["ref", "fileName", "date", "description", "status", "publicScore", "privateScore", "selected"];

    public static Command Submissions(CliHost host) => TableVerb.Create<List<SubmissionView>>(host, "submissions",
        "List your submissions to a competition, newest first", "/submissions", Columns,
        submissions => submissions.Select(s => new object?[] { s.Id, s.FileName, s.SubmittedAt, s.Description, Status(s), s.PublicScore, s.PrivateScore, s.IsSelected }),
        signedIn: true);

    static string Status(SubmissionView s) =>
        s.Status + (s.IsLate ? " (late)" : "") + (s.Sanction is null ? "" : $" ({s.Sanction})");

    public static Command Select(CliHost host, bool selected)
    {
        var id = new Argument<string>("SUBMISSION_ID") { Description = "the submission's ref, from 'arena c submissions'" };
        var command = selected
            ? new Command("select", "Choose a submission as final for the private leaderboard") { id }
            : new Command("unselect", "Drop a submission from your final choices") { id };
        command.SetAction(host, async (context, cancellation) =>
        {
            var text = context.Parse.GetRequiredValue(id);
            if (!Guid.TryParse(text, out var submission)) throw CliException.Usage($"'{text}' is not a submission id (see the ref column of 'arena c submissions')");
            using var client = context.Connect();
            client.RequireToken();
            var path = $"api/submissions/{submission}/select";
            var result = selected
                ? await client.PostAsync<Selection>(path, null, Refusals.Submission(submission), cancellation)
                : await client.DeleteAsync<Selection>(path, Refusals.Submission(submission), cancellation);
            context.Output.WriteLine($"{(selected ? "Selected" : "Unselected")} {submission}: {result.Selected} of {result.MaxSelections} final submissions chosen");
            return CommandLine.Ok;
        });
        return command;
    }

    public static Command Limits(CliHost host) => TableVerb.Create<LimitLedger>(host, "limits",
        "How many submissions you have used and have left today, and when the count resets", "/limits", ["used", "remaining", "limit", "resetsAt"],
        ledger => [[ledger.Used, ledger.Remaining, ledger.Limit, ledger.ResetsAt]], signedIn: true);
}

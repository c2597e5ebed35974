using System.CommandLine;
using Arena.Cli.Client;
using Arena.Cli.Competitions;
using Arena.Cli.Output;
using Spectre.Console;

namespace Arena.Cli.Organizers;

/// <summary>
/// <c>arena c rescore SLUG</c>: scores every scored submission and reference file again in the background and follows
/// the run (a progress bar on a terminal, one "done/total" line per change otherwise); --no-wait prints the run id.
/// </summary>
public static class RescoreVerb
{
    public static Command Create(CliHost host)
    {
        var slug = DraftVerbs.Slug();
        var noWait = new Option<bool>("--no-wait") { Description = "print the run id and return without waiting" };
        var timeout = new Option<int>("--timeout") { Description = "seconds to wait for the run to finish", DefaultValueFactory = _ => 3600 };
        var command = new Command("rescore", "Score every submission and reference file again with this server's scorer") { slug, noWait, timeout };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            var started = await client.PostAsync<RescoreStarted>(ApiPaths.Competition(competition, "/rescore"), null, Refusals.Organizing(competition), cancellation);
            if (context.Parse.GetValue(noWait))
            {
                context.Output.WriteLine(started.RunId);
                return CommandLine.Ok;
            }
            var refusals = new Refusals($"no rescore run {started.RunId} of '{competition}'", Forbidden: "only this competition's organizers may do this");
            Task<RescoreRun> Read() => client.GetAsync<RescoreRun>(ApiPaths.Competition(competition, $"/rescore/{started.RunId}"), refusals, cancellation);
            var limit = TimeSpan.FromSeconds(context.Parse.GetValue(timeout));
            var run = context.Host.OutputIsTerminal ? await WithBarAsync(context, Read, limit, cancellation) : await WithLinesAsync(context, Read, limit, cancellation);
            if (run.FinishedAt is null)
                throw new CliException($"rescore run {run.RunId} is at {run.Done}/{run.Total} after {limit.TotalSeconds:0} s; it goes on in the background");
            context.Output.WriteLine($"rescored {run.Done}, changed {run.Changed} (scorer {run.ScorerVersion})");
            return CommandLine.Ok;
        });
        return command;
    }

    static Task<RescoreRun> WithLinesAsync(CliContext context, Func<Task<RescoreRun>> read, TimeSpan limit, CancellationToken cancellation)
    {
        string? last = null;
        return Times.PollAsync(context, read, r => r.FinishedAt is not null, run =>
        {
            var line = $"{run.Done}/{run.Total}";
            if (line != last) context.Output.WriteLine(line);
            last = line;
        }, limit, cancellation);
    }

    static Task<RescoreRun> WithBarAsync(CliContext context, Func<Task<RescoreRun>> read, TimeSpan limit, CancellationToken cancellation) =>
        Terminal.Console(context).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Rescoring", maxValue: 1);
                return await Times.PollAsync(context, read, r => r.FinishedAt is not null, run =>
                {
                    task.MaxValue = Math.Max(run.Total, 1);
                    task.Value = run.FinishedAt is null ? run.Done : task.MaxValue;
                    task.Description = $"Rescoring {run.Done}/{run.Total}";
                }, limit, cancellation);
            });
}

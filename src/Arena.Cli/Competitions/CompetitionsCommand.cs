using System.CommandLine;
using Arena.Cli.Humans;
using Arena.Cli.Organizers;

namespace Arena.Cli.Competitions;

/// <summary><c>arena competitions</c> (alias <c>arena c</c>): Kaggle's verbs, flags and columns, and a few of ours.</summary>
public static class CompetitionsCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("competitions", "Kaggle-style verbs (list, files, download, submit, submissions, leaderboard, …) and the organizers' (create, publish, close, reveal, rescore, …)")
        {
            ListVerb.Create(host),
            FilesVerbs.Files(host),
            FilesVerbs.Download(host),
            SubmitVerb.Create(host),
            SubmissionsVerbs.Submissions(host),
            LeaderboardVerb.Create(host),
            ValidateVerb.Create(host),
            SubmissionsVerbs.Limits(host),
            SubmissionsVerbs.Select(host, selected: true),
            SubmissionsVerbs.Select(host, selected: false),
            CreateVerb.Create(host),
            DraftVerbs.Checks(host),
            DraftVerbs.Publish(host),
            DraftVerbs.Delete(host),
            ClosingVerbs.Close(host),
            ClosingVerbs.Reveal(host),
            RescoreVerb.Create(host),
            HumanStudyCommand.Create(host),
        };
        command.Aliases.Add("c");
        return command;
    }
}

using System.CommandLine;
using Arena.Cli.Admin;
using Arena.Cli.Competitions;
using Arena.Cli.Config;
using Arena.Cli.Groups;
using Arena.Cli.References;
using Arena.Cli.Scoring;

namespace Arena.Cli;

/// <summary>The whole command tree, built in one place so that tests run exactly what users run.</summary>
public static class ArenaCommand
{
    /// <param name="host">Standard input, terminals, environment and network; the process's own when null.</param>
    public static RootCommand Create(CliHost? host = null)
    {
        host ??= CliHost.FromProcess();
        return new RootCommand("arena: Arena's command line for practice ML competitions")
        {
            new Option<bool>(CommandLine.VerboseName) { Description = "show the stack trace of a failure", Recursive = true },
            LoginCommand.Login(host),
            LoginCommand.Logout(host),
            ConfigCommand.Create(host),
            CompetitionsCommand.Create(host),
            GroupsCommand.Create(host),
            ReferencesCommand.Create(host),
            ScoreCommand.Create(),
            MetricsCommand.Create(),
            DbCommand.Create(host),
            AdminCommand.Create(host),
        };
    }
}

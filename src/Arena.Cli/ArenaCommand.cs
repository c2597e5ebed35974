using System.CommandLine;
using Arena.Cli.Scoring;

namespace Arena.Cli;

/// <summary>The whole command tree, built in one place so that tests run exactly what users run.</summary>
public static class ArenaCommand
{
    public static RootCommand Create() => new("arena: Arena's command line for practice ML competitions")
    {
        ScoreCommand.Create(),
        MetricsCommand.Create(),
    };
}

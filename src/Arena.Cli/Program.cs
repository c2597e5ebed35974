using Arena.Cli;

return CommandLine.Run(ArenaCommand.Create(), args);

using Arena.Cli;

return await CommandLine.RunAsync(ArenaCommand.Create(), args);

namespace Arena.Cli;

// An explicit entry point in Arena's namespace: Arena.Data brings in the ASP.NET Core framework, whose generator would
// make a top-level Program public and clash with the server's Program in the tests that reference both.
static class Program
{
    static Task<int> Main(string[] args) => CommandLine.RunAsync(ArenaCommand.Create(), args);
}

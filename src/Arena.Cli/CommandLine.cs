using System.CommandLine;

namespace Arena.Cli;

/// <summary>Exit codes shared by every verb, and the steps that map usage errors and failures to them.</summary>
public static class CommandLine
{
    public const int Ok = 0;
    /// <summary>An invalid submission, a refused request, an unreachable server: anything that failed.</summary>
    public const int Invalid = 1;
    public const int UsageError = 2;

    /// <summary>The global option that lets a failure show its stack trace.</summary>
    public const string VerboseName = "--verbose";

    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null) =>
        RunAsync(root, args, output, error).GetAwaiter().GetResult();

    /// <summary>
    /// Usage errors exit with 2 (System.CommandLine's own default is 1, which we keep for failures). A failure is one
    /// line on stderr; its stack trace appears only with --verbose.
    /// </summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null,
        CancellationToken cancellation = default)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) configuration.Error.WriteLine($"arena: {e.Message}");
            configuration.Error.WriteLine("Run 'arena --help' for usage.");
            return UsageError;
        }
        try
        {
            return await parse.InvokeAsync(configuration, cancellation);
        }
        catch (Exception e)
        {
            return Report(e, IsVerbose(root, parse), configuration.Error);
        }
    }

    static int Report(Exception e, bool verbose, TextWriter error)
    {
        var (line, code) = e switch
        {
            CliException cli => (cli.Message, cli.ExitCode),
            OperationCanceledException => ("cancelled", Invalid),
            _ => ($"unexpected error: {e.Message}" + (verbose ? "" : " (run with --verbose for the details)"), Invalid),
        };
        error.WriteLine($"arena: {OneLine(line)}");
        if (verbose && (e is not CliException || e.InnerException is not null)) error.WriteLine(e.ToString());
        return code;
    }

    static bool IsVerbose(RootCommand root, ParseResult parse) =>
        root.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == VerboseName) is { } verbose && parse.GetValue(verbose);

    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

using System.CommandLine;

namespace Arena.Cli;

/// <summary>Exit codes shared by every verb, and the parse step that maps usage errors to them.</summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int UsageError = 2;

    /// <summary>Usage errors exit with 2 (System.CommandLine's own default is 1, which we keep for invalid submissions).</summary>
    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) configuration.Error.WriteLine($"arena: {e.Message}");
            configuration.Error.WriteLine("Run 'arena --help' for usage.");
            return UsageError;
        }
        return parse.Invoke(configuration);
    }
}

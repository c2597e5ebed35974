using System.Globalization;

using Arena.Load.Support;

namespace Arena.Load;

/// <summary>The command line: <c>list</c>, or <c>&lt;scenario&gt; [--smoke] [--url U --token T] [--knob value]</c>.</summary>
public static class LoadRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<IScenario> scenarios, string[] args)
    {
        if (args.Length == 0 || args[0] is "list" or "--help" or "-h")
        {
            Console.WriteLine("usage: dotnet run -c Release --project tests/Arena.Load -- <scenario> [--smoke] [--url http://host:port --token T] [--knob value]");
            Console.WriteLine("scenarios:");
            foreach (var scenario in scenarios) Console.WriteLine($"  {scenario.Name,-10} {scenario.Describe}");
            return args.Length == 0 ? 2 : 0;
        }
        var chosen = scenarios.FirstOrDefault(s => string.Equals(s.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            Console.Error.WriteLine($"No scenario '{args[0]}'; `list` shows them.");
            return 2;
        }
        ScenarioOptions options;
        try
        {
            options = ScenarioOptions.Parse(args.Skip(1));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        // Ctrl+C stops the scenario; its servers and PostgreSQL are cleaned up on the way out.
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var started = TimeProvider.System.GetUtcNow();
        options.Log($"{started:yyyy-MM-dd HH:mm:ss}Z {chosen.Name}{(options.Smoke ? " (smoke)" : "")} on {Machine.Describe()}");
        var result = await chosen.RunAsync(options, stop.Token);
        result.Note($"run {started:yyyy-MM-dd HH:mm}Z, {(TimeProvider.System.GetUtcNow() - started).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s; {Machine.Describe()}");
        Console.WriteLine();
        Console.WriteLine(ResultTable.Format(result));
        return result.AllMet ? 0 : 1;
    }
}

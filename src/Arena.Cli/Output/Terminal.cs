using Spectre.Console;

namespace Arena.Cli.Output;

/// <summary>Spectre.Console on the command's output, used only when that output is a terminal.</summary>
public static class Terminal
{
    /// <summary>Uploads and downloads smaller than this finish before a bar would be worth drawing.</summary>
    public const long ProgressThreshold = 1 << 20;

    public static IAnsiConsole Console(CliContext context) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Output) });

    /// <summary>Runs a transfer of <paramref name="total"/> bytes, with a progress bar on a terminal when it is over 1 MB.</summary>
    public static async Task<T> WithProgressAsync<T>(CliContext context, string description, long? total, Func<Action<long>, Task<T>> transfer)
    {
        if (!context.Host.OutputIsTerminal || total is not > ProgressThreshold) return await transfer(_ => { });
        return await Console(context).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
                new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(description), maxValue: total.Value);
                var result = await transfer(bytes => task.Value = bytes);
                task.Value = total.Value;
                return result;
            });
    }

    /// <summary>A spinner while waiting, on a terminal; nothing otherwise.</summary>
    public static async Task<T> WithStatusAsync<T>(CliContext context, string status, Func<Task<T>> wait)
    {
        if (!context.Host.OutputIsTerminal) return await wait();
        return await Console(context).Status().StartAsync(Markup.Escape(status), _ => wait());
    }
}

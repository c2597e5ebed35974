using Spectre.Console;

namespace Arena.Cli.Config;

/// <summary>
/// Asks for what a command needs. On a terminal it prompts on stderr and reads a password without echo; otherwise it
/// reads one line per answer from standard input (<c>printf 'ada\nsecret\n' | arena login --url …</c>), which is also
/// how the tests drive it.
/// </summary>
public static class Prompts
{
    public static string Ask(CliContext context, string question, bool secret = false)
    {
        string? answer;
        if (context.Host.InputIsTerminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
            var prompt = new TextPrompt<string>($"{Markup.Escape(question)}:") { AllowEmpty = true };
            // No mask at all, as ssh and sudo do: even the length of a password is not shown.
            answer = console.Prompt(secret ? prompt.Secret(null) : prompt);
        }
        else
        {
            answer = context.Host.Input.ReadLine();
        }
        if (string.IsNullOrEmpty(answer))
            throw CliException.Usage($"no {question} given" + (context.Host.InputIsTerminal ? "" : " on standard input"));
        return secret ? answer : answer.Trim();
    }
}

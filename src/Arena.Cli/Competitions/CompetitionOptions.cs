using System.CommandLine;

namespace Arena.Cli.Competitions;

/// <summary>
/// The competition a verb works on: <c>arena c files SLUG</c>, or Kaggle's older <c>-c SLUG</c>, or the default set
/// with <c>arena config set competition SLUG</c>.
/// </summary>
public sealed class CompetitionArgument
{
    readonly Argument<string?> _positional = new("competition")
    {
        Description = "the competition's slug; defaults to 'arena config set competition SLUG'",
        Arity = ArgumentArity.ZeroOrOne,
    };

    readonly Option<string?> _flag = new("--competition", "-c") { Description = "the competition's slug (Kaggle's older -c flag)" };

    public void AddTo(Command command)
    {
        command.Add(_positional);
        command.Add(_flag);
    }

    public string Resolve(CliContext context)
    {
        var slug = context.Parse.GetValue(_positional) ?? context.Parse.GetValue(_flag) ?? context.Settings.Competition;
        if (string.IsNullOrWhiteSpace(slug))
            throw CliException.Usage("which competition? name it (arena c files SLUG) or set a default: arena config set competition SLUG");
        return slug.Trim();
    }
}

/// <summary>--json (the server's own JSON) and --csv (Kaggle's -v) for tabular verbs.</summary>
public sealed class FormatOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "print the server's JSON" };
    public Option<bool> Csv { get; } = new("--csv", "-v") { Description = "print CSV" };

    public void AddTo(Command command)
    {
        command.Add(Json);
        command.Add(Csv);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Json) && result.GetValue(Csv)) result.AddError("--json and --csv cannot be used together");
        });
    }

    /// <summary>Prints the server's JSON as it came, one document per line.</summary>
    public static void WriteJson(CliContext context, string json) => context.Output.WriteLine(json.TrimEnd());
}

public static class ApiPaths
{
    public static string Competition(string slug, string rest = "") => $"api/competitions/{Uri.EscapeDataString(slug)}{rest}";
}

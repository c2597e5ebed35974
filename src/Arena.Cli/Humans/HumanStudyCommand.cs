using System.CommandLine;
using System.Globalization;
using Arena.Cli.Client;
using Arena.Cli.Competitions;
using Arena.Cli.Output;

namespace Arena.Cli.Humans;

/// <summary>
/// <c>arena c human-study create|show|results|close|delete|export|import SLUG</c>: a competition's human-baseline
/// study (issue 8). The server checks every setting; its refusals name the field (<c>sample: …</c>), and so does the
/// CLI. Labelling itself happens on the web page, one item per screen.
/// </summary>
public static class HumanStudyCommand
{
    public static Command Create(CliHost host) => new("human-study", "A competition's human-baseline study: set it up, read its protocol and results, close, delete, export, import")
    {
        CreateVerb(host), Show(host), Results(host),
        HumanStudyRecordVerbs.Close(host), HumanStudyRecordVerbs.Delete(host), HumanStudyRecordVerbs.Export(host), HumanStudyRecordVerbs.Import(host),
    };

    public static Argument<string> Slug() => new("SLUG") { Description = "the competition's slug" };

    public static string Path(string slug, string rest = "") => ApiPaths.Competition(slug, "/human-study" + rest);

    /// <summary>A 404 is either an invisible competition or one without a study; the server does not say which to outsiders.</summary>
    public static Refusals NoStudy(string slug) =>
        new($"no human study for competition '{slug}' (or the competition is not visible to you)", Forbidden: "only this competition's organizers may do this");

    static Command CreateVerb(CliHost host)
    {
        var slug = Slug();
        var sample = new Option<int?>("--sample") { Description = "test items to draw, seeded and stratified by class (default 400, at least 50; below 200 the result stays provisional)" };
        var practice = new Option<int?>("--practice") { Description = "practice items from train.csv with feedback: 10 to 20, or 0 for none (default 10 when train.csv has labels)" };
        var seconds = new Option<int?>("--seconds-per-item") { Description = "time limit per item in seconds (default none)" };
        var annotators = new Option<int?>("--annotators-per-item", "-k") { Description = "annotators per item: 1 (default) or 3" };
        var aggregation = new Option<string?>("--aggregation")
        {
            Description = "fixed in advance: meanOfIndividuals (default: the average annotator), majorityOfK (each item's majority vote; needs -k 3), bestIndividual (the best annotator)",
        };
        var render = new Option<string?>("--render") { Description = "how items are shown: table (default), image:WxH or text:COLUMN" };
        var seed = new Option<int?>("--seed") { Description = "the sample's seed (default: a random one, recorded)" };
        var json = new Option<bool>("--json") { Description = "print the server's JSON" };
        var command = new Command("create", "Set up the study: draw the sample and the practice items; the settings are fixed from then on")
        {
            slug, sample, practice, seconds, annotators, aggregation, render, seed, json,
        };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            // Only the options given: the server's defaults apply to the rest.
            var body = new Dictionary<string, object>();
            void Put(string name, object? value)
            {
                if (value is not null) body[name] = value;
            }
            Put("sample", context.Parse.GetValue(sample));
            Put("practice", context.Parse.GetValue(practice));
            Put("secondsPerItem", context.Parse.GetValue(seconds));
            Put("annotatorsPerItem", context.Parse.GetValue(annotators));
            Put("aggregation", context.Parse.GetValue(aggregation));
            Put("render", context.Parse.GetValue(render));
            Put("seed", context.Parse.GetValue(seed));
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.SendJsonTextAsync(HttpMethod.Post, Path(competition), body, Refusals.Organizing(competition), cancellation);
            if (context.Parse.GetValue(json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var study = ArenaClient.Read<StudyView>(text, "human-study");
            context.Output.WriteLine($"Set up the human study of {competition}: {study.SampleSize} test items, {study.PracticeItems} practice, "
                + $"{study.AnnotatorsPerItem} per item, {study.Aggregation}{(study.Provisional ? " (provisional: fewer than 200 items)" : "")}");
            context.Output.WriteLine($"seed {study.Seed}, split hash {study.SplitHash}");
            return CommandLine.Ok;
        });
        return command;
    }

    static Command Show(CliHost host)
    {
        var slug = Slug();
        var json = new Option<bool>("--json") { Description = "print the server's JSON" };
        var command = new Command("show", "Print the study's protocol and status (seed, split hash and item ids: organizers, or everyone after the deadline)") { slug, json };
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.GetTextAsync(Path(competition), NoStudy(competition), cancellation);
            if (context.Parse.GetValue(json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var s = ArenaClient.Read<StudyView>(text, "human-study");
            var lines = new List<(string, string)>
            {
                ("status", s.Status + (s.Provisional ? " (provisional: fewer than 200 items)" : "")),
                ("protocol", Number(s.ProtocolVersion)),
                ("sample", $"{Number(s.SampleSize)} test items ({Number(s.RequestedSampleSize)} requested), seeded and stratified by class"),
                ("practice", $"{Number(s.PracticeItems)} items"),
                ("time limit", s.SecondsPerItem is { } limit ? $"{Number(limit)} s per item" : "none"),
                ("annotators per item", Number(s.AnnotatorsPerItem)),
                ("aggregation", s.Aggregation),
                ("render", s.Render),
                ("classes", string.Join(", ", s.Classes)),
                ("progress", $"{Number(s.Answers)} answers from {Number(s.Annotators)} annotators"),
                ("scoring", s.Scoring),
            };
            if (s.Seed is { } seed) lines.Add(("seed", Number(seed)));
            if (s.SplitHash is { } hash) lines.Add(("split hash", hash));
            if (s.ItemIds is { } ids) lines.Add(("item ids", string.Join(' ', ids)));
            foreach (var (name, value) in lines) context.Output.WriteLine($"{name}: {CommandLine.OneLine(value)}");
            return CommandLine.Ok;
        });
        return command;
    }

    static Command Results(CliHost host)
    {
        var slug = Slug();
        var formats = new FormatOptions();
        var command = new Command("results", "Print the study's result (score, 95% Wilson interval, coverage) and, where the server gives them, the annotators") { slug };
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var competition = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.GetTextAsync(Path(competition, "/results"), NoStudy(competition), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var r = ArenaClient.Read<StudyResults>(text, "human-study results");
            var csv = context.Parse.GetValue(formats.Csv);
            if (!csv)
            {
                context.Output.WriteLine(r.Score is { } score && r.Interval is { } interval
                    ? $"{Percent(score)} [{Percent(interval.Low)}, {Percent(interval.High)}] ({interval.Confidence * 100:0}% Wilson) on {r.ItemCount} of {r.SampleSize} items, "
                        + $"{r.AnnotatorCount} {(r.AnnotatorCount == 1 ? "annotator" : "annotators")}, {r.Aggregation}, {r.Status}{(r.Provisional ? ", provisional" : "")}"
                    : $"no answers yet ({r.Status}, {r.SampleSize} items)");
                var figures = new List<string>();
                if (r.Coverage is { } coverage) figures.Add($"coverage {Percent(coverage)}");
                if (r.SkipRate is { } skips) figures.Add($"skip rate {Percent(skips)}");
                if (r.FleissKappa is { } kappa) figures.Add($"Fleiss kappa {kappa.ToString("0.000", CultureInfo.InvariantCulture)}");
                if (r.MedianSecondsPerItem is { } median) figures.Add($"median {median.ToString("0.0", CultureInfo.InvariantCulture)} s per item");
                if (r.OraclePanelScore is { } oracle) figures.Add($"oracle panel {Percent(oracle)} (never ranked)");
                if (figures.Count > 0) context.Output.WriteLine(string.Join(", ", figures));
            }
            if (r.Annotators is { Count: > 0 } annotators)
            {
                var names = annotators.Any(a => a.UserName is not null);
                var columns = new List<string> { "annotator" };
                if (names) columns.Add("userName");
                columns.AddRange(["expertise", "sawTrainingData", "practiceAccuracy", "answered", "assigned", "accuracy", "coverage"]);
                TableOutput.Write(context, columns, annotators.Select(a =>
                {
                    var row = new List<object?> { a.Annotator };
                    if (names) row.Add(new UntrustedText(a.UserName ?? ""));
                    row.AddRange([a.Expertise, a.SawTrainingData, a.PracticeAccuracy, a.Answered, a.Assigned, a.Accuracy, a.Coverage]);
                    return row.ToArray();
                }), csv);
            }
            return CommandLine.Ok;
        });
        return command;
    }

    static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}

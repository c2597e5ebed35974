using System.Globalization;
using Arena.Load.Hostile;

namespace Arena.Load.Scenarios;

/// <summary>
/// Issue 9, scenario 5: hostile input over HTTP against one SQLite server process. Every variant must get its own 4xx
/// (or, for a file the API accepts and then fails, the documented 200 report or 202-then-failed naming line and
/// column), never a 5xx; the server must answer /health/ready after each; nothing may be left in its uploads or
/// temporary folder; its memory must stay bounded. Knobs: <c>--corpus N</c> (corpus files sent, default all; smoke 5).
/// </summary>
public sealed class Hostile : IScenario
{
    public string Name => "hostile";

    public string Describe => "36 hostile requests + the malformed corpus through validate and submit, SQLite; each its 4xx, never 5xx, ready after each, 0 temp files left, RSS growth <= 100 MB";

    public async Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation)
    {
        var result = new ScenarioResult(Name);
        if (options.Url is not null)
            return result.Check("own server", "--url given", "a server this scenario starts (it sets upload limits and reads the server's folders)", false);
        var corpusCount = options.Int("corpus", CorpusCase.All.Count, 5);
        var bundles = HostileBundles.Create();
        try
        {
            await using var server = await SoloServer.StartAsync("hostile", bundles, new Dictionary<string, string>
            {
                ["Arena__MaxBundleBytes"] = Variants.MaxBundleBytes.ToString(CultureInfo.InvariantCulture),
                ["Arena__MaxBundleExtractedBytes"] = Variants.MaxBundleExtractedBytes.ToString(CultureInfo.InvariantCulture),
            }, cancellation);
            using var admin = await server.SignUpAsync("hostile-admin", cancellation);
            using var participant = await server.SignUpAsync("hostile-participant", cancellation);
            var context = new HostileContext(server, participant, admin, participant.DefaultRequestHeaders.Authorization!.Parameter!);

            // The corpus spread over its competitions: every (solution, metric) pair is among the first ones sent.
            var corpus = CorpusCase.All.GroupBy(c => c.Slug).SelectMany(g => g.Select((c, i) => (c, i))).OrderBy(p => p.i).Select(p => p.c).Take(corpusCount).ToList();
            var variants = Variants.Http().Where(v => !options.Smoke || v.Smoke)
                .Concat(Variants.CorpusValidate(corpus))
                .Concat(Variants.CorpusSubmit(options.Smoke ? corpus.Take(2).ToList() : corpus))
                .ToList();

            // One warm-up of each kind of request first, so that the memory baseline includes what any first request loads.
            await context.ExpectFailedSubmissionAsync(await participant.PostAsync(HostileContext.Submissions(), Payloads.Form("id\n"u8.ToArray(), "warm.csv"), cancellation), "missing_column", 1, "target", cancellation);
            var before = server.InFlightFiles();
            var rssBefore = server.RssMb();
            var rssPeak = rssBefore;
            options.Log($"hostile: {variants.Count} variants against {server.Address} (RSS {rssBefore:F0} MB)");

            int met = 0, fiveHundreds = 0, ready = 0;
            foreach (var variant in variants)
            {
                Outcome outcome;
                try
                {
                    outcome = await variant.Run(context, cancellation);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellation.IsCancellationRequested)
                {
                    outcome = new Outcome(false, $"{e.GetType().Name}: {e.Message}");
                }
                if (outcome.Got.StartsWith('5')) fiveHundreds++;
                var healthy = await server.ReadyAsync(cancellation);
                if (healthy) ready++;
                var fine = outcome.Met && healthy;
                if (fine) met++;
                rssPeak = Math.Max(rssPeak, server.RssMb());
                result.Check(variant.Name, outcome.Got + (healthy ? "" : "; NOT READY after it"), variant.Expected, fine);
                options.Log($"  {(fine ? "met   " : "MISSED")} {variant.Name}: {outcome.Got}");
            }

            // Whatever the variants queued has been scored (WaitForEnd above); what is left in flight now stays.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            var left = server.InFlightFiles().Except(before).ToList();
            var rssAfter = server.RssMb();
            var fivexx = CountInLog(server.LogFile, "ExceptionHandlerMiddleware", "Unhandled exception");
            result.Check("variants with the expected answer and ready after", $"{met} of {variants.Count}", "all", met == variants.Count);
            result.Check("5xx answers", fiveHundreds.ToString(CultureInfo.InvariantCulture), "0", fiveHundreds == 0);
            result.Check("unhandled exceptions in the server's log", fivexx.ToString(CultureInfo.InvariantCulture), "0", fivexx == 0);
            result.Check("/health/ready after each variant", $"{ready} of {variants.Count}", "all", ready == variants.Count);
            result.Check("files left in uploads/ and TMPDIR", left.Count == 0 ? "0" : $"{left.Count}: {string.Join(", ", left.Take(3).Select(Path.GetFileName))}", "0", left.Count == 0);
            result.Check("server RSS growth (before → after)", $"{rssBefore:F0} → {rssAfter:F0} MB ({rssAfter - rssBefore:+0;-0} MB)", "<= 100 MB", rssAfter - rssBefore <= 100);
            result.Report("server RSS peak (sampled after each variant)", $"{rssPeak:F0} MB");
            result.Note($"upload limit {HostileBundles.MaxUploadBytes / 1024} KB (decompressed 20x), bundles {Variants.MaxBundleBytes >> 20} MB (extracted {Variants.MaxBundleExtractedBytes >> 20} MB); corpus files {corpus.Count} of {CorpusCase.All.Count}");
            result.Note("a malformed CSV is not refused with a 4xx at upload: the API accepts it (202) and scoring fails it with line and column, and /validate answers 200 with the report; both are checked as documented in the README");
            return result;
        }
        finally
        {
            Directory.Delete(bundles, recursive: true);
        }
    }

    static int CountInLog(string logFile, params string[] needles) =>
        File.Exists(logFile) ? File.ReadLines(logFile).Count(l => needles.Any(n => l.Contains(n, StringComparison.Ordinal))) : 0;
}

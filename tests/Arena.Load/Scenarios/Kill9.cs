using System.Collections.Concurrent;
using Arena.Cluster.Tests.Cluster;
using Arena.Load.Support;

namespace Arena.Load.Scenarios;

/// <summary>
/// Issue 9, scenario 3: <c>--jobs</c> (100) uploads streamed over <c>--stream</c> (60 s) to one web node and one
/// worker; the worker is killed with SIGKILL <c>--kills</c> (5) times at random moments of the stream and restarted at
/// once. Full runs use the product's defaults (scoring lease 1 min, renewed while scoring; sweep every 30 s); the
/// smoke version (20 jobs over 10 s, 1 kill) sets a 10 s lease and a 2 s sweep so that a claim held by the killed
/// worker is taken over in seconds.
/// </summary>
public sealed class Kill9 : IScenario
{
    public string Name => "kill9";

    public string Describe => "100 scoring jobs streamed, the worker SIGKILLed 5 times and restarted: all scored or failed within 6 min, none scored twice, no pool exhaustion";

    static readonly TimeSpan FinishWithin = TimeSpan.FromMinutes(6);

    public async Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation)
    {
        var jobs = options.Int("jobs", 100, 20);
        var kills = options.Int("kills", 5, 1);
        var stream = options.Seconds("stream", 60, 10);
        var worker = options.Smoke ? new Dictionary<string, string> { ["Arena__ScoringLease"] = "00:00:10", ["Arena__SweepInterval"] = "00:00:02" } : [];
        var result = new ScenarioResult(Name).Note($"{jobs} uploads of {LoadBundles.Rows} rows over {stream.TotalSeconds:F0} s; worker SIGKILLed {kills} times; 1 web + 1 worker (2 Hangfire threads) on PostgreSQL 15"
            + (worker.Count > 0 ? $"; worker settings {string.Join(", ", worker.Select(p => $"{p.Key}={p.Value}"))}" : "; product defaults (lease 1 min, renewed while scoring; sweep 30 s)"));

        await using var stack = await LoadStack.CreateAsync(cancellation);
        var web = await stack.StartAsync("web", "web");
        var current = await stack.StartAsync("worker1", "worker", worker);
        var token = (await LoadStack.SignUpAsync(web, "kill", 1, cancellation))[0];
        using var uploads = new Uploads(web.Address, TimeSpan.FromSeconds(30));
        await Rush.WarmUpAsync(web, uploads, cancellation);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var backends = new ConcurrentQueue<Dictionary<string, int>>();
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    backends.Enqueue(await stack.BackendsAsync(CancellationToken.None));
                }
                catch (Npgsql.NpgsqlException)
                {
                    // Our own connection was refused (the server's limit reached): that is what the log check finds.
                }
                await Task.Delay(500, CancellationToken.None);
            }
        }, CancellationToken.None);

        var first = TimeProvider.System.GetUtcNow();
        var random = new Random(9);
        var killAt = Enumerable.Range(0, kills).Select(_ => stream * random.NextDouble()).Order().ToList();
        var failedStarts = 0;
        var killedWhileScoring = new HashSet<Guid>();
        var killing = Task.Run(async () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var at in killAt)
            {
                var wait = at - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellation);
                // Aim at a moment when a submission is being scored (waiting up to 5 s for one): a kill between jobs
                // tests only the restart.
                var inFlight = 0;
                for (var look = 0; look < 100 && inFlight == 0; look++)
                {
                    var scoring = (await stack.SubmissionsAsync(LoadBundles.Load, cancellation)).Where(r => r.Value.Status == "Scoring").Select(r => r.Key).ToList();
                    inFlight = scoring.Count;
                    lock (killedWhileScoring) killedWhileScoring.UnionWith(scoring);
                    if (inFlight == 0) await Task.Delay(50, cancellation);
                }
                current.Kill();
                options.Log($"kill9: SIGKILL worker at {clock.Elapsed.TotalSeconds:F1} s with {inFlight} submission(s) being scored");
                current = await RestartAsync();
            }
        }, cancellation);
        async Task<Node> RestartAsync()
        {
            // As an orchestrator's restart policy would: a worker that dies while starting is started again, until
            // the scenario's deadline (then the last dead node stays, and the table says so).
            while (true)
            {
                try
                {
                    return await stack.StartAsync("worker1", "worker", worker);
                }
                catch (InvalidOperationException e) when (e.Message.Contains("exited", StringComparison.Ordinal))
                {
                    failedStarts++;
                    options.Log($"kill9: the restarted worker died while starting: {e.Message.Split('\n').LastOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))}");
                    if (TimeProvider.System.GetUtcNow() - first > FinishWithin) return stack.Cluster.Nodes[^1];
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
                }
            }
        }
        var outcomes = new List<UploadOutcome>();
        for (var i = 0; i < jobs; i++)
        {
            var due = first + (stream * i / jobs) - TimeProvider.System.GetUtcNow();
            if (due > TimeSpan.Zero) await Task.Delay(due, cancellation);
            outcomes.Add(await uploads.SubmitAsync(token, LoadBundles.Load, LoadBundles.Submission(LoadBundles.Rows, 5000 + i), cancellation));
        }
        await killing;

        var accepted = outcomes.Where(o => o.Accepted).Select(o => o.Id!.Value).ToHashSet();
        result.Check("uploads accepted", $"{accepted.Count} of {jobs}", "all", accepted.Count == jobs);
        var (rows, _) = await Rush.WaitForScoresAsync(stack, accepted, first, FinishWithin, cancellation);
        await stop.CancelAsync();
        await watching;
        var finishedAt = accepted.All(id => rows.TryGetValue(id, out var r) && r.Status is "Scored" or "Failed") ? TimeProvider.System.GetUtcNow() - first : (TimeSpan?)null;
        var unfinished = accepted.Count(id => !rows.TryGetValue(id, out var r) || r.Status is not ("Scored" or "Failed"));
        result.Check("all scored or failed, from the first upload", finishedAt is { } f ? Figures.S(f) : $"{unfinished} unfinished after {Figures.S(FinishWithin)}",
            "<= 6 min", finishedAt is not null && finishedAt <= FinishWithin);
        Rush.AddTwiceChecks(result, stack, accepted, rows, killedWhileScoring);

        result.Check("restarted workers that died while starting", Figures.N(failedStarts), "0", failedStarts == 0);
        var peak = backends.Count == 0 ? 0 : backends.Max(b => b.Values.Sum());
        var peakWorker = backends.Count == 0 ? 0 : backends.Max(b => b.GetValueOrDefault("worker1"));
        var exhausted = CountInLogs(stack.Cluster, "connection pool has been exhausted", "too many clients", "remaining connection slots");
        result.Report("PostgreSQL backends, peak (all / the worker)", $"{peak} / {peakWorker}");
        result.Check("pool exhaustion or refused connections in the logs", Figures.N(exhausted), "0", exhausted == 0);
        var after = backends.LastOrDefault()?.GetValueOrDefault("worker1") ?? 0;
        result.Report($"the worker's backends at the end (after {kills} restarts)", Figures.N(after));
        return result;
    }

    static int CountInLogs(LocalCluster cluster, params string[] needles) =>
        cluster.Nodes.Select(n => n.LogFile).Distinct().Where(File.Exists)
            .Sum(log => File.ReadLines(log).Count(line => needles.Any(n => line.Contains(n, StringComparison.OrdinalIgnoreCase))));
}

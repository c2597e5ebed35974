using System.Collections.Concurrent;
using System.Diagnostics;
using Arena.Contracts;
using Arena.Load.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Load.Scenarios;

/// <summary>
/// Issue 9, scenario 1: <c>--watchers</c> (5,000) SignalR .NET clients (WebSockets) watch one competition's leaderboard
/// while a driver uploads one file a second for <c>--duration</c> (300 s), each scored by the server and pushed to
/// every watcher. Latency is the receive time minus the snapshot's server-stamped GeneratedAt (same machine clock).
/// Then one raw WebSocket watcher stops reading for <c>--slow</c> (60 s). Server: one process with roles web and worker
/// on PostgreSQL, whose /proc figures are read; with <c>--url</c>, <c>--token</c> (the driver's user) and optionally
/// <c>--pid</c>, <c>--competition</c> and <c>--rows</c>, an existing server is used. Smoke: 50 watchers, 10 s + 8 s.
/// </summary>
public sealed class Watchers : IScenario
{
    public string Name => "watchers";

    public string Describe => "5,000 SignalR watchers, one leaderboard change a second for 5 min: p99 <= 1 s, 0 lost updates, memory steady (live heap after a forced GC); one watcher stops reading: others' p99 +<10%, server memory +<50 MB";

    sealed class Watcher
    {
        public readonly List<(double Ms, DateTimeOffset At)> Latencies = [];
        public long LastVersion;
        public int Disconnects;
    }

    public async Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation)
    {
        var count = options.Int("watchers", 5000, 50);
        var duration = options.Seconds("duration", 300, 10);
        var slowFor = options.Seconds("slow", 60, 8);
        var result = new ScenarioResult(Name);

        await using var stack = options.Url is null ? await LoadStack.CreateAsync(cancellation) : null;
        var server = stack is null ? null : await stack.StartAsync("server", "all");
        var address = options.Url ?? server!.Address;
        var slug = options.Text("competition") ?? LoadBundles.Watch;
        var rows = options.Int("rows", LoadBundles.WatchRows, LoadBundles.WatchRows);
        int? pid = server?.Pid ?? (options.Text("pid") is { } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : null);
        var drivers = server is null ? [options.Token ?? throw new ArgumentException("--url needs --token (a user who may submit to the competition)")]
            : await LoadStack.SignUpAsync(server, "driver", 5, cancellation);
        result.Note($"{count} watchers (.NET SignalR client, WebSockets) on '{slug}', one upload of {rows} rows a second for {duration.TotalSeconds:F0} s, then a non-reading watcher for {slowFor.TotalSeconds:F0} s; "
            + $"server {(server is null ? address.ToString() : "one process (web + worker) on PostgreSQL 15")}; open-file limit {OpenFileLimit()}");

        var watchers = new Watcher[count];
        var connections = new HubConnection[count];
        var connecting = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (i, ct) =>
        {
            var watcher = watchers[i] = new Watcher();
            var connection = connections[i] = new HubConnectionBuilder()
                .WithUrl(new Uri(address, ILeaderboardHub.Path), HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
                .Build();
            connection.On<LeaderboardSnapshot>(nameof(ILeaderboardClient.LeaderboardUpdated), snapshot =>
            {
                var now = TimeProvider.System.GetUtcNow();
                lock (watcher)
                {
                    watcher.Latencies.Add(((now.UtcDateTime - snapshot.GeneratedAt).TotalMilliseconds, now));
                    watcher.LastVersion = Math.Max(watcher.LastVersion, snapshot.Version);
                }
            });
            connection.Closed += _ =>
            {
                Interlocked.Increment(ref watcher.Disconnects);
                return Task.CompletedTask;
            };
            await connection.StartAsync(ct);
            var initial = await connection.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), slug, ct);
            lock (watcher) watcher.LastVersion = Math.Max(watcher.LastVersion, initial.Version);
        });
        options.Log($"watchers: {count} connected in {connecting.Elapsed.TotalSeconds:F1} s");
        result.Report("time to connect all watchers", Figures.S(connecting.Elapsed));

        using var uploads = new Uploads(address, TimeSpan.FromSeconds(30));
        var samples = new ConcurrentQueue<ProcessStats>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var sampling = pid is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                samples.Enqueue(ProcessStats.Read(pid.Value));
                await Task.Delay(1000, CancellationToken.None);
            }
        }, CancellationToken.None);
        var sent = 0;
        var driving = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var outcome = await uploads.SubmitAsync(drivers[i % drivers.Length], slug, LoadBundles.Submission(rows, 70_000 + i), CancellationToken.None);
                if (outcome.Accepted) Interlocked.Increment(ref sent);
                var wait = TimeSpan.FromSeconds(i + 1) - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, CancellationToken.None);
            }
        }, CancellationToken.None);

        var started = TimeProvider.System.GetUtcNow();
        // Live heap after a forced full GC, once the first uploads have warmed the scoring path up, at the end of the
        // run, and while a watcher does not read; each is taken after the latency window it would disturb.
        var heapAfterWarmUp = await HeapAsync(pid, TimeSpan.FromSeconds(Math.Min(30, duration.TotalSeconds / 3)), cancellation);
        var left = duration - (TimeProvider.System.GetUtcNow() - started);
        if (left > TimeSpan.Zero) await Task.Delay(left, cancellation);
        var mainEnd = TimeProvider.System.GetUtcNow();
        var heapAtEnd = await HeapAsync(pid, TimeSpan.Zero, cancellation);
        // The forced GC's pause delays the pushes queued behind it; they drain before the slow reader's window opens.
        await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 2 : 5), cancellation);
        var slowStart = TimeProvider.System.GetUtcNow();
        DateTimeOffset slowEnd;
        (long HeapBytes, long RssBytes)? heapWithSlow;
        await using (var slow = await SlowReader.ConnectAsync(address, slug, cancellation))
        {
            options.Log("watchers: a watcher stopped reading");
            await Task.Delay(slowFor, cancellation);
            slowEnd = TimeProvider.System.GetUtcNow();
            heapWithSlow = await HeapAsync(pid, TimeSpan.Zero, cancellation);
        }
        await stop.CancelAsync();
        await Task.WhenAll(driving, sampling);
        // The last upload's score and push; then every watcher's last snapshot must be the final one.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellation);
        var final = (await uploads.LeaderboardVersionAsync(slug, cancellation));

        var all = watchers.SelectMany(w => { lock (w) return w.Latencies.ToList(); }).ToList();
        var main = Figures.Summary(all.Where(l => l.At <= mainEnd).Select(l => l.Ms));
        result.Report("changes driven (202s)", Figures.N(sent));
        result.Report("messages received", Figures.N(all.Count));
        result.Report("delivery latency p50 / p95 / max", $"{Figures.Ms(main.P50)} / {Figures.Ms(main.P95)} / {Figures.Ms(main.Max)}");
        result.Check("delivery latency p99", Figures.Ms(main.P99), "<= 1000 ms", main.P99 <= 1000);
        var perWatcherP99 = watchers.Select(w => { lock (w) return Figures.Summary(w.Latencies.Where(l => l.At <= mainEnd).Select(l => l.Ms)).P99; }).Where(v => !double.IsNaN(v)).ToList();
        var perWatcher = Figures.Summary(perWatcherP99);
        result.Report("per-watcher p99: p50 / p95 / p99 / max over watchers", $"{Figures.Ms(perWatcher.P50)} / {Figures.Ms(perWatcher.P95)} / {Figures.Ms(perWatcher.P99)} / {Figures.Ms(perWatcher.Max)}");
        var disconnects = watchers.Sum(w => w.Disconnects);
        result.Check("disconnects", Figures.N(disconnects), "0", disconnects == 0);
        var lost = watchers.Count(w => { lock (w) return w.LastVersion != final; });
        result.Check("watchers whose last snapshot is not the final one", $"{lost} of {count} (final version {final})", "0", lost == 0);

        var stats = samples.ToList();
        if (stats.Count >= 6)
        {
            var during = stats.Where(s => s.At >= started && s.At <= mainEnd).ToList();
            var third = Math.Max(1, during.Count / 3);
            var early = during.Take(third).Average(s => s.RssBytes);
            var late = during.TakeLast(third).Average(s => s.RssBytes);
            result.Report("server RSS: first third / last third of the run / peak", $"{Figures.Mb(early)} / {Figures.Mb(late)} / {Figures.Mb(stats.Max(s => s.RssBytes))}");
            if (heapAfterWarmUp is { } first && heapAtEnd is { } last)
            {
                result.Report("server RSS right after a forced full GC: after warm-up -> end", $"{Figures.Mb(first.RssBytes)} -> {Figures.Mb(last.RssBytes)}");
                var growth = last.HeapBytes - first.HeapBytes;
                // A smoke run warms up for 3 s, not 30: first-use caches still add a MB or two to its ~20 MB heap.
                var allowedGrowth = options.Smoke ? Math.Max(first.HeapBytes * 0.10, 5 << 20) : first.HeapBytes * 0.10;
                result.Check("memory steady: live heap after a forced full GC, after warm-up -> end",
                    $"{Figures.Mb(first.HeapBytes)} -> {Figures.Mb(last.HeapBytes)} ({(growth >= 0 ? "+" : "")}{Figures.Mb(growth)})",
                    options.Smoke ? "< +max(10%, 5 MB)" : "< +10%", growth < allowedGrowth);
            }
            else
            {
                result.Check("memory steady: live heap after a forced full GC", "not read (the diagnostics port did not answer)", "< +10%", false);
            }
            result.Report("server CPU (cores, mean over the run)", Figures.N(ProcessStats.CoresUsed(during[0], during[^1]), "F2"));
            // Mean RSS over the same length of time before and while the watcher does not read: single samples of a
            // garbage-collected process swing by tens of MB.
            var rssBeforeSlow = stats.Where(s => s.At > mainEnd - slowFor && s.At <= mainEnd).Average(s => (double)s.RssBytes);
            var rssWithSlow = stats.Where(s => s.At > slowStart && s.At <= slowEnd).Average(s => (double)s.RssBytes);
            result.Check("server memory growth with a watcher not reading (mean RSS, before -> during)",
                $"{Figures.Mb(rssBeforeSlow)} -> {Figures.Mb(rssWithSlow)}", "+< 50 MB", rssWithSlow - rssBeforeSlow < 50L << 20);
            if (heapAtEnd is { } end && heapWithSlow is { } withSlowHeap)
                result.Check("live heap after a forced full GC with a watcher not reading (before -> during)",
                    $"{Figures.Mb(end.HeapBytes)} -> {Figures.Mb(withSlowHeap.HeapBytes)}", "+< 50 MB", withSlowHeap.HeapBytes - end.HeapBytes < 50L << 20);
        }
        else
        {
            result.Note("server memory and CPU not measured: no --pid of a local server was given");
        }

        // The same length of time before the forced GC and while the watcher does not read; the others' p99 in each.
        var before = Figures.Summary(all.Where(l => l.At > mainEnd - slowFor && l.At <= mainEnd).Select(l => l.Ms)).P99;
        var withSlow = Figures.Summary(all.Where(l => l.At > slowStart && l.At <= slowEnd).Select(l => l.Ms)).P99;
        // A smoke run on a busy CI machine cannot resolve 10% of a few milliseconds; it allows 250 ms of noise.
        var allowed = options.Smoke ? Math.Max(before * 0.10, 250) : before * 0.10;
        result.Check("others' p99 with a watcher not reading (before -> during)", $"{Figures.Ms(before)} -> {Figures.Ms(withSlow)}",
            options.Smoke ? "+< max(10%, 250 ms)" : "+< 10%", withSlow - before < allowed);

        await Parallel.ForEachAsync(connections.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.DisposeAsync());
        if (count >= 5000 || options.Smoke) return result;
        return result.Check("watchers", Figures.N(count), "5,000", false);
    }

    /// <summary>Waits <paramref name="after"/>, then forces a full GC in the server; null without a local server.</summary>
    static async Task<(long HeapBytes, long RssBytes)?> HeapAsync(int? pid, TimeSpan after, CancellationToken cancellation)
    {
        await Task.Delay(after, cancellation);
        return pid is { } id ? await ForcedGc.CollectAsync(id, TimeSpan.FromSeconds(30)) : null;
    }

    static string OpenFileLimit() =>
        File.Exists("/proc/self/limits") ? File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [_, var soft, var hard, ..] ? $"{soft} (hard {hard})" : "?" : "?";
}

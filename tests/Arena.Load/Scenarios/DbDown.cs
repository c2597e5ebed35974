using System.Collections.Concurrent;
using Arena.Load.Support;

namespace Arena.Load.Scenarios;

/// <summary>
/// Issue 9, scenario 4: PostgreSQL goes away for <c>--outage</c> (20 s) in the middle of a rush of <c>--users</c> (20)
/// users uploading one after another, then comes back on the same port with the same data (pg_ctl stop -m fast, then
/// start). One web node and one worker. Smoke: 5 users, a 3 s outage.
/// </summary>
public sealed class DbDown : IScenario
{
    public string Name => "dbdown";

    public string Describe => "PostgreSQL stopped for 20 s during a rush: /health/ready red then green, uploads meanwhile 503 + Retry-After (never 500 or a hang), nothing accepted lost";

    /// <summary>An answer slower than this is a hang.</summary>
    static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(15);

    public async Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellation)
    {
        var users = options.Int("users", 20, 5);
        var before = options.Seconds("before", 15, 5);
        var outage = options.Seconds("outage", 20, 3);
        var after = options.Seconds("after", 20, 8);
        var result = new ScenarioResult(Name).Note($"{users} users uploading 10k-row files back to back; PostgreSQL stopped {before.TotalSeconds:F0} s in for {outage.TotalSeconds:F0} s; 1 web + 1 worker; client timeout {ClientTimeout.TotalSeconds:F0} s");

        await using var stack = await LoadStack.CreateAsync(cancellation);
        var web = await stack.StartAsync("web", "web");
        await stack.StartAsync("worker1", "worker");
        var tokens = await LoadStack.SignUpAsync(web, "outage", users, cancellation);
        using var uploads = new Uploads(web.Address, ClientTimeout);
        await Rush.WarmUpAsync(web, uploads, cancellation);
        options.Log("servers up; uploading");

        var clock = TimeProvider.System;
        var outcomes = new ConcurrentBag<(DateTimeOffset SentAt, UploadOutcome Outcome)>();
        var ready = new ConcurrentQueue<(DateTimeOffset At, int Status)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var probing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                ready.Enqueue((clock.GetUtcNow(), await uploads.ReadyAsync(CancellationToken.None)));
                await Task.Delay(200, CancellationToken.None);
            }
        }, CancellationToken.None);
        var uploading = tokens.Select((token, user) => Task.Run(async () =>
        {
            for (var k = 0; !stop.IsCancellationRequested; k++)
            {
                var sentAt = clock.GetUtcNow();
                outcomes.Add((sentAt, await uploads.SubmitAsync(token, LoadBundles.Load, LoadBundles.Submission(LoadBundles.Rows, (user * 1000) + k), CancellationToken.None)));
                await Task.Delay(250, CancellationToken.None);
            }
        }, CancellationToken.None)).ToList();

        await Task.Delay(before, cancellation);
        var stoppedAt = clock.GetUtcNow();
        stack.Postgres.StopServer();
        options.Log($"PostgreSQL stopped ({(clock.GetUtcNow() - stoppedAt).TotalSeconds:F1} s)");
        await Task.Delay(outage, cancellation);
        var restartedAt = clock.GetUtcNow();
        stack.Postgres.StartServer();
        // The scenario's own pooled connections (not the servers') died with the old server.
        stack.Cluster.Database.Clear();
        options.Log($"PostgreSQL started again ({(clock.GetUtcNow() - restartedAt).TotalSeconds:F1} s)");
        await Task.Delay(after, cancellation);
        await stop.CancelAsync();
        await Task.WhenAll(uploading.Append(probing));

        var probes = ready.ToList();
        var red = probes.Where(p => p.At >= stoppedAt && p.At <= restartedAt && p.Status != 200).ToList();
        var firstGreen = probes.FirstOrDefault(p => p.At > restartedAt && p.Status == 200);
        result.Check("/health/ready red during the outage", $"{red.Count} of {probes.Count(p => p.At >= stoppedAt && p.At <= restartedAt)} probes not 200 ({string.Join(", ", red.Select(p => p.Status).Distinct())})",
            "red", red.Count > 0);
        result.Check("/health/ready green again after the start", firstGreen.At == default ? "never" : $"after {Figures.S(firstGreen.At - restartedAt)}", "green", firstGreen.At != default);

        var all = outcomes.ToList();
        var refused = all.Where(o => !o.Outcome.Accepted).ToList();
        var wrong = refused.Where(o => !(o.Outcome.Status == 503 && o.Outcome.RetryAfter is not null)).ToList();
        var errors = refused.Count(o => o.Outcome.Status >= 500 && o.Outcome.Status != 503);
        var hangs = refused.Count(o => o.Outcome.TimedOut);
        result.Report("uploads", $"{all.Count}: {all.Count(o => o.Outcome.Accepted)} accepted, {refused.Count(o => o.Outcome.Status == 503)} answered 503");
        result.Check("refused uploads answered 503 with Retry-After", $"{refused.Count - wrong.Count} of {refused.Count}", "all", wrong.Count == 0 && refused.Count > 0);
        result.Check("5xx other than 503", Figures.N(errors), "0", errors == 0);
        result.Check("hangs (no answer within the client timeout)", Figures.N(hangs), "0", hangs == 0);
        if (wrong.Count > 0)
            result.Note("other answers: " + string.Join("; ", wrong.GroupBy(o => $"{o.Outcome.Status} {Short(o.Outcome.Body)}").Select(g => $"{g.Count()} x {g.Key}")));
        var slowest = refused.Count == 0 ? 0 : refused.Max(o => o.Outcome.Elapsed.TotalMilliseconds);
        result.Report("slowest refusal", Figures.Ms(slowest));

        var accepted = all.Where(o => o.Outcome.Accepted).Select(o => o.Outcome.Id!.Value).ToHashSet();
        var acceptedBefore = all.Where(o => o.Outcome.Accepted && o.Outcome.AnsweredAt < stoppedAt).Select(o => o.Outcome.Id!.Value).ToHashSet();
        var (rows, doneAfter) = await Rush.WaitForScoresAsync(stack, accepted, clock.GetUtcNow(), TimeSpan.FromMinutes(2), cancellation);
        var lostBefore = acceptedBefore.Count(id => !rows.TryGetValue(id, out var r) || r.Status != "Scored");
        var lostAll = accepted.Count(id => !rows.TryGetValue(id, out var r) || r.Status != "Scored");
        result.Check("accepted before the outage and not scored in the end", $"{lostBefore} of {acceptedBefore.Count}", "0", lostBefore == 0 && acceptedBefore.Count > 0);
        result.Check("any accepted upload not scored in the end", $"{lostAll} of {accepted.Count}", "0", lostAll == 0);
        if (lostAll > 0)
        {
            result.Note("not scored: " + string.Join(", ", accepted.Where(id => !rows.TryGetValue(id, out var r) || r.Status != "Scored")
                .GroupBy(id => rows.TryGetValue(id, out var r) ? $"{r.Status} after {r.Attempts} claim(s)" : "no row").Select(g => $"{g.Count()} {g.Key}")));
            // What stopped the worker once before: Hangfire lock rows left by the outage (see ScoringSetup.LockTimeout).
            result.Note("Hangfire lock rows: " + string.Join(", ", await stack.LockRowsAsync(cancellation)));
            result.Note("nodes' log tails:\n" + stack.Cluster.Tails());
        }
        var held = await stack.QuotaSlotsHeldAsync(LoadBundles.Load, cancellation);
        result.Check("daily-limit slots still held by refused uploads", Figures.N(held), "0", held == 0);
        result.Report("all scored, after the rush ended", doneAfter is { } d ? Figures.S(d) : "not within 2 min");
        Rush.AddTwiceChecks(result, stack, accepted, rows);
        return result;
    }

    static string Short(string body) => body.Length <= 100 ? body : body[..100];
}

using Arena.Contracts;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Server.Competitions;
using Arena.Server.Leaderboards;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Competitions;

/// <summary>A time in milliseconds since 1970 (Chart.js's linear axis) and the running best public score then.</summary>
public sealed record ChartPoint(long T, double Score);

public sealed record ProgressSeries(string Name, int Rank, double Best, int Submissions, IReadOnlyList<ChartPoint> Points);

public sealed record ReferenceLine(string Name, string Kind, double Score);

public sealed record ShakeUpPoint(string Name, int PrivateRank, int PublicRank, double PublicScore, double PrivateScore, int ShakeUp);

/// <summary>
/// What the charts tab plots. Progression: the current public top <see cref="TopCount"/>'s running best public score
/// over the submissions the public leaderboard counts (scored, on time, not sanctioned), with the human and benchmark
/// rows as levels. Shake-up: only once the private leaderboard is revealed, each ranked participant's public and
/// private standing as the leaderboard builder computes them; before that no private score is read at all.
/// </summary>
public sealed record ChartData(string Metric, bool HigherIsBetter, bool Revealed, long? From, long? To,
    IReadOnlyList<ProgressSeries> Progress, IReadOnlyList<ReferenceLine> References, IReadOnlyList<ShakeUpPoint>? ShakeUp)
{
    public const int TopCount = 10;

    public static async Task<ChartData> BuildAsync(ArenaDb db, LeaderboardBuilder leaderboards, Competition c, DateTime now, CancellationToken cancellation)
    {
        var higherIsBetter = MetricCatalog.TryFind(c.Metric, out var metric, out _) && metric.HigherIsBetter;
        // The leaderboard builder's filter; the public score only.
        var scored = await db.Submissions.AsNoTracking()
            .Where(s => s.CompetitionId == c.Id && !s.IsLate && s.Status == SubmissionStatus.Scored && s.PublicScore != null && s.Sanction == null
                && !db.ParticipantSanctions.Any(p => p.CompetitionId == c.Id && p.UserId == s.UserId))
            .Select(s => new { s.UserId, s.User!.DisplayName, s.SubmittedAt, Score = s.PublicScore!.Value })
            .ToListAsync(cancellation);

        double Order(double score) => higherIsBetter ? -score : score;
        // What participants are shown: the running best, or with the Ladder on the released score; rounded either way.
        double Next(double? running, double score) => c.LadderStep is { } step ? Ladder.Next(running, score, step, higherIsBetter)
            : running is { } r && Order(r) <= Order(score) ? r : score;
        var users = scored.GroupBy(s => s.UserId).Select(user =>
        {
            var submissions = user.OrderBy(s => s.SubmittedAt).ToList();
            var running = new List<double>();
            foreach (var s in submissions) running.Add(Next(running.Count == 0 ? null : running[^1], s.Score));
            // The best is credited to the submission that first reached it, as the leaderboard's tie rule does.
            var bestAt = submissions[running.IndexOf(running[^1])].SubmittedAt;
            return (Name: submissions[0].DisplayName, Submissions: submissions, Running: running, Best: running[^1], BestAt: bestAt);
        });
        var top = users.OrderBy(u => Order(u.Best)).ThenBy(u => u.BestAt).Take(TopCount).ToList();
        long? from = scored.Count == 0 ? null : Millis(scored.Min(s => s.SubmittedAt));
        long? to = scored.Count == 0 ? null : Millis(scored.Max(s => s.SubmittedAt));

        var progress = new List<ProgressSeries>();
        foreach (var user in top)
        {
            var points = user.Submissions.Select((s, i) => new ChartPoint(Millis(s.SubmittedAt), ScoreDisplay.Round(user.Running[i], c.ScoreDecimals))).ToList();
            // Carried to the latest submission of anyone, so that every line reaches the right edge.
            if (points[^1].T < to) points.Add(points[^1] with { T = to.Value });
            progress.Add(new ProgressSeries(user.Name, progress.Count + 1, ScoreDisplay.Round(user.Best, c.ScoreDecimals), user.Submissions.Count, points));
        }

        var references = await db.ReferenceRows.AsNoTracking()
            .Where(r => r.CompetitionId == c.Id && r.Status == ReferenceStatus.Ready && r.PublicScore != null
                && (r.Kind == ReferenceKind.Human || r.Kind == ReferenceKind.Benchmark))
            .OrderBy(r => r.Id)
            .Select(r => new ReferenceLine(r.Name, r.Kind == ReferenceKind.Human ? LeaderboardKinds.Human : LeaderboardKinds.Benchmark, r.PublicScore!.Value))
            .ToListAsync(cancellation);

        var revealed = c.IsPrivateRevealedAt(now);
        references = [.. references.Select(r => r with { Score = ScoreDisplay.Round(r.Score, c.ScoreDecimals) })];
        return new ChartData(c.Metric, higherIsBetter, revealed, from, to, progress, references,
            revealed ? await ShakeUpAsync(leaderboards, c, cancellation) : null);
    }

    static async Task<List<ShakeUpPoint>> ShakeUpAsync(LeaderboardBuilder leaderboards, Competition c, CancellationToken cancellation)
    {
        var publicRows = (await leaderboards.BuildAsync(c, LeaderboardBuilder.PublicView, cancellation)).Rows
            .Where(r => r.Rank is not null && r.Score is not null).ToDictionary(r => r.Rank!.Value);
        var privateRows = (await leaderboards.BuildAsync(c, LeaderboardBuilder.PrivateView, cancellation)).Rows;
        // Matched by public rank, not by name: display names need not be unique.
        return [.. privateRows
            .Where(r => r.Rank is not null && r.Score is not null && r.PublicRank is { } p && publicRows.ContainsKey(p))
            .Select(r => new ShakeUpPoint(r.DisplayName, r.Rank!.Value, r.PublicRank!.Value, publicRows[r.PublicRank!.Value].Score!.Value, r.Score!.Value, r.ShakeUp ?? 0))];
    }

    /// <summary>SQLite hands back times without a kind; they are UTC.</summary>
    static long Millis(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}

using Arena.Contracts;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>
/// Builds a leaderboard from the stored scores. Each participant's best score counts (ties go to the earlier
/// submission); reference rows are interleaved where their score places them and carry no rank. Hidden or
/// disqualified submissions and participants do not appear. The rank change compares with the leaderboard as it
/// stood before the latest scored submission, so every node computes the same.
/// </summary>
public sealed class LeaderboardBuilder(ArenaDb db, TimeProvider clock)
{
    public const string PublicView = "public";
    public const string PrivateView = "private";

    sealed record Entry(Guid UserId, string DisplayName, SubmissionStatus Status, double? Public, double? Private, DateTime SubmittedAt, DateTime? ScoredAt, bool IsSelected);

    sealed record Standing(Guid UserId, string DisplayName, double Score, DateTime BestAt, int Count, DateTime LastAt);

    public async Task<LeaderboardSnapshot> BuildAsync(Competition competition, string view, CancellationToken cancellation)
    {
        var higherIsBetter = MetricCatalog.Find(competition.Metric).HigherIsBetter;
        var entries = await db.Submissions.AsNoTracking()
            .Where(s => s.CompetitionId == competition.Id && !s.IsLate && s.Status != SubmissionStatus.Failed && s.Sanction == null
                && !db.ParticipantSanctions.Any(p => p.CompetitionId == competition.Id && p.UserId == s.UserId))
            .Select(s => new Entry(s.UserId, s.User!.DisplayName, s.Status, s.PublicScore, s.PrivateScore, s.SubmittedAt, s.ScoredAt, s.IsSelected))
            .ToListAsync(cancellation);
        var references = await db.ReferenceRows.AsNoTracking()
            .Where(r => r.CompetitionId == competition.Id && r.Status == ReferenceStatus.Ready).ToListAsync(cancellation);

        var current = Rank(entries, view, competition.FinalSelections, higherIsBetter);
        var latest = entries.Where(e => e.ScoredAt is not null).Select(e => e.ScoredAt).Max();
        var previousRanks = RanksOf(Rank([.. entries.Where(e => e.ScoredAt is null || e.ScoredAt < latest)], view, competition.FinalSelections, higherIsBetter));
        var publicRanks = view == PrivateView ? RanksOf(Rank(entries, PublicView, competition.FinalSelections, higherIsBetter)) : null;

        double? ReferenceScore(ReferenceRow r) => view == PrivateView ? r.PrivateScore : r.PublicScore;
        var humans = references.Where(r => r.Kind == ReferenceKind.Human && ReferenceScore(r) is not null).Select(r => ReferenceScore(r)!.Value).ToList();
        double? bestHuman = humans.Count == 0 ? null : higherIsBetter ? humans.Max() : humans.Min();
        var papers = references.Where(r => r.Kind == ReferenceKind.Paper && r.Tolerance is not null && ReferenceScore(r) is not null).ToList();

        var rows = new List<LeaderboardRow>();
        var pending = references.Where(r => ReferenceScore(r) is not null)
            .OrderBy(r => higherIsBetter ? -ReferenceScore(r)!.Value : ReferenceScore(r)!.Value).ToList();
        int rank = 0, beating = 0, replicating = 0;
        foreach (var standing in current)
        {
            // A reference row goes above participants it beats strictly; a participant who equals it stays above.
            while (pending.Count > 0 && Better(ReferenceScore(pending[0])!.Value, standing.Score, higherIsBetter))
            {
                rows.Add(Row(pending[0], ReferenceScore(pending[0])));
                pending.RemoveAt(0);
            }
            rank++;
            int? delta = previousRanks.TryGetValue(standing.UserId, out var before) ? before - rank : null;
            bool? beatsHuman = bestHuman is { } human ? Better(standing.Score, human, higherIsBetter) : null;
            bool? replicated = papers.Count == 0 ? null : papers.Any(p => Math.Abs(standing.Score - ReferenceScore(p)!.Value) <= p.Tolerance!.Value);
            int? publicRank = publicRanks is not null && publicRanks.TryGetValue(standing.UserId, out var p) ? p : null;
            if (beatsHuman == true) beating++;
            if (replicated == true) replicating++;
            rows.Add(new LeaderboardRow(rank, standing.DisplayName, standing.Score, LeaderboardKinds.Participant, standing.Count, standing.LastAt,
                delta, beatsHuman, replicated, publicRank, publicRank - rank));
        }
        rows.AddRange(pending.Select(r => Row(r, ReferenceScore(r))));
        var summary = new LeaderboardSummary(current.Count, bestHuman is null ? null : beating, papers.Count == 0 ? null : replicating,
            competition.PublicFrozenAt is not null, competition.PrivateRevealedAt is not null);
        return new LeaderboardSnapshot(competition.Slug, view, clock.GetUtcNow().UtcDateTime, competition.LeaderboardVersion, rows, summary);
    }

    static Dictionary<Guid, int> RanksOf(List<Standing> standings) =>
        standings.Select((s, i) => (s.UserId, Rank: i + 1)).ToDictionary(p => p.UserId, p => p.Rank);

    static List<Standing> Rank(List<Entry> entries, string view, int finalSelections, bool higherIsBetter)
    {
        var standings = new List<Standing>();
        foreach (var user in entries.GroupBy(e => e.UserId))
        {
            var scored = user.Where(e => e.Status == SubmissionStatus.Scored && e.Public is not null).ToList();
            var counted = view == PrivateView ? FinalSubmissions(scored, finalSelections, higherIsBetter) : scored;
            var best = counted.Where(e => Score(e, view) is not null)
                .OrderBy(e => higherIsBetter ? -Score(e, view)!.Value : Score(e, view)!.Value).ThenBy(e => e.SubmittedAt).FirstOrDefault();
            if (best is null) continue;
            // Counted over scored submissions only: one still in flight may yet fail, and a failure pushes nothing.
            standings.Add(new Standing(user.Key, best.DisplayName, Score(best, view)!.Value, best.SubmittedAt, scored.Count, scored.Max(e => e.SubmittedAt)));
        }
        return [.. standings.OrderBy(s => higherIsBetter ? -s.Score : s.Score).ThenBy(s => s.BestAt)];
    }

    /// <summary>The participant's selected submissions, or without a selection their best N by public score (Kaggle's rule).</summary>
    static List<Entry> FinalSubmissions(List<Entry> scored, int finalSelections, bool higherIsBetter)
    {
        var selected = scored.Where(e => e.IsSelected).ToList();
        return selected.Count > 0 ? selected
            : [.. scored.OrderBy(e => higherIsBetter ? -e.Public!.Value : e.Public!.Value).ThenBy(e => e.SubmittedAt).Take(finalSelections)];
    }

    static double? Score(Entry e, string view) => view == PrivateView ? e.Private : e.Public;

    static bool Better(double a, double b, bool higherIsBetter) => higherIsBetter ? a > b : a < b;

    static LeaderboardRow Row(ReferenceRow r, double? score) =>
        new(null, r.Name, score, r.Kind.ToString().ToLowerInvariant(), 0, null, null, null, Source: r.Source);
}

using Arena.Contracts;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Server.Competitions;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>
/// Builds a leaderboard from the stored scores. Each participant's best score counts (ties go to the earlier
/// submission); reference rows are interleaved where their score places them and carry no rank. Hidden or
/// disqualified submissions and participants do not appear. The rank change compares with the leaderboard as it
/// stood before the latest scored submission, so every node computes the same. A measured human study adds its row
/// and each participant's "on the human items" figure (<see cref="HumanComparisons"/>); "beats human" then follows the
/// paired interval instead of a typed-in human row.
/// </summary>
public sealed class LeaderboardBuilder(ArenaDb db, TimeProvider clock, HumanComparisons humanComparisons)
{
    public const string PublicView = "public";
    public const string PrivateView = "private";

    sealed record Entry(Guid Id, string StoredPath, Guid UserId, string DisplayName, SubmissionStatus Status, double? Public, double? Private, DateTime SubmittedAt, DateTime? ScoredAt, bool IsSelected);

    sealed record Standing(Guid UserId, Guid BestId, string BestPath, string DisplayName, double Score, DateTime BestAt, int Count, DateTime LastAt);

    /// <summary>
    /// <paramref name="seesPrivate"/> is for an organizer's own request: the human comparison then uses every study item
    /// before the reveal too, scores keep every digit and each participant's true best counts. Pushes and pages are
    /// built without it, so while private scores are hidden they compare on the study items of the Public split only,
    /// scores are rounded to the competition's display decimals, and with the Ladder on the public view ranks by each
    /// participant's released Ladder score (<see cref="Ladder"/>).
    /// </summary>
    public async Task<LeaderboardSnapshot> BuildAsync(Competition competition, string view, CancellationToken cancellation, bool seesPrivate = false)
    {
        var higherIsBetter = MetricCatalog.Find(competition.Metric).HigherIsBetter;
        var entries = await db.Submissions.AsNoTracking()
            .Where(s => s.CompetitionId == competition.Id && !s.IsLate && s.Status != SubmissionStatus.Failed && s.Sanction == null
                && !db.ParticipantSanctions.Any(p => p.CompetitionId == competition.Id && p.UserId == s.UserId))
            .Select(s => new Entry(s.Id, s.StoredPath, s.UserId, s.User!.DisplayName, s.Status, s.PublicScore, s.PrivateScore, s.SubmittedAt, s.ScoredAt, s.IsSelected))
            .ToListAsync(cancellation);
        var references = await db.ReferenceRows.AsNoTracking()
            .Where(r => r.CompetitionId == competition.Id && r.Status == ReferenceStatus.Ready).ToListAsync(cancellation);

        var ladder = seesPrivate ? null : competition.LadderStep;
        var current = Rank(entries, view, competition.FinalSelections, higherIsBetter, ladder);
        var latest = entries.Where(e => e.ScoredAt is not null).Select(e => e.ScoredAt).Max();
        var previousRanks = RanksOf(Rank([.. entries.Where(e => e.ScoredAt is null || e.ScoredAt < latest)], view, competition.FinalSelections, higherIsBetter, ladder));
        var publicRanks = view == PrivateView ? RanksOf(Rank(entries, PublicView, competition.FinalSelections, higherIsBetter, ladder)) : null;

        var allItems = seesPrivate || view == PrivateView || competition.IsPrivateRevealedAt(clock.GetUtcNow().UtcDateTime);
        var measured = await humanComparisons.ForBoardAsync(competition, allItems,
            [.. current.Select(s => new BestSubmission(s.UserId, s.BestId, s.BestPath))], cancellation);

        double? ReferenceScore(ReferenceRow r) => view == PrivateView ? r.PrivateScore : r.PublicScore;
        var humans = references.Where(r => r.Kind == ReferenceKind.Human && ReferenceScore(r) is not null).Select(r => ReferenceScore(r)!.Value).ToList();
        double? bestHuman = humans.Count == 0 ? null : higherIsBetter ? humans.Max() : humans.Min();
        var papers = references.Where(r => r.Kind == ReferenceKind.Paper && r.Tolerance is not null && ReferenceScore(r) is not null).ToList();

        var rows = new List<LeaderboardRow>();
        // A measured human row is accuracy: placed by score only on an accuracy board, otherwise shown first.
        if (measured is { Ranked: false }) rows.Add(measured.Row);
        var pending = references.Where(r => ReferenceScore(r) is not null).Select(r => Row(r, ReferenceScore(r)))
            .Concat(measured is { Ranked: true } ? [measured.Row] : [])
            .OrderBy(r => higherIsBetter ? -r.Score!.Value : r.Score!.Value).ToList();
        int rank = 0, beating = 0, replicating = 0;
        foreach (var standing in current)
        {
            // A reference row goes above participants it beats strictly; a participant who equals it stays above.
            while (pending.Count > 0 && Better(pending[0].Score!.Value, standing.Score, higherIsBetter))
            {
                rows.Add(pending[0]);
                pending.RemoveAt(0);
            }
            rank++;
            int? delta = previousRanks.TryGetValue(standing.UserId, out var before) ? before - rank : null;
            var onHumanItems = measured?.ByUser.GetValueOrDefault(standing.UserId);
            bool? beatsHuman = measured is not null ? onHumanItems?.BeatsHumans
                : bestHuman is { } human ? Better(standing.Score, human, higherIsBetter) : null;
            bool? replicated = papers.Count == 0 ? null : papers.Any(p => Math.Abs(standing.Score - ReferenceScore(p)!.Value) <= p.Tolerance!.Value);
            int? publicRank = publicRanks is not null && publicRanks.TryGetValue(standing.UserId, out var p) ? p : null;
            if (beatsHuman == true) beating++;
            if (replicated == true) replicating++;
            rows.Add(new LeaderboardRow(rank, standing.DisplayName, standing.Score, LeaderboardKinds.Participant, standing.Count, standing.LastAt,
                delta, beatsHuman, replicated, publicRank, publicRank - rank, OnHumanItems: onHumanItems));
        }
        rows.AddRange(pending);
        var summary = new LeaderboardSummary(current.Count, bestHuman is null && measured is null ? null : beating, papers.Count == 0 ? null : replicating,
            competition.PublicFrozenAt is not null, competition.PrivateRevealedAt is not null);
        var snapshot = new LeaderboardSnapshot(competition.Slug, view, clock.GetUtcNow().UtcDateTime, competition.LeaderboardVersion, rows, summary, measured?.Set);
        return seesPrivate ? snapshot : ScoreDisplay.Rounded(snapshot, competition.ScoreDecimals);
    }

    static Dictionary<Guid, int> RanksOf(List<Standing> standings) =>
        standings.Select((s, i) => (s.UserId, Rank: i + 1)).ToDictionary(p => p.UserId, p => p.Rank);

    static List<Standing> Rank(List<Entry> entries, string view, int finalSelections, bool higherIsBetter, double? ladderStep)
    {
        var standings = new List<Standing>();
        foreach (var user in entries.GroupBy(e => e.UserId))
        {
            var scored = user.Where(e => e.Status == SubmissionStatus.Scored && e.Public is not null).ToList();
            if (view == PublicView && ladderStep is { } step && scored.Count > 0)
            {
                // The released score, credited to the submission that last moved it.
                var moved = new HashSet<Guid>();
                var released = Ladder.Walk(scored.Select(e => (e.Id, e.SubmittedAt, e.Public!.Value)), step, higherIsBetter, moved);
                var setter = scored.Where(e => moved.Contains(e.Id)).MaxBy(e => e.SubmittedAt)!;
                standings.Add(new Standing(user.Key, setter.Id, setter.StoredPath, setter.DisplayName, released[setter.Id], setter.SubmittedAt, scored.Count, scored.Max(e => e.SubmittedAt)));
                continue;
            }
            var counted = view == PrivateView ? FinalSubmissions.Of(scored, finalSelections, higherIsBetter, e => e.IsSelected, e => e.Public!.Value, e => e.SubmittedAt) : scored;
            var best = counted.Where(e => Score(e, view) is not null)
                .OrderBy(e => higherIsBetter ? -Score(e, view)!.Value : Score(e, view)!.Value).ThenBy(e => e.SubmittedAt).FirstOrDefault();
            if (best is null) continue;
            // Counted over scored submissions only: one still in flight may yet fail, and a failure pushes nothing.
            standings.Add(new Standing(user.Key, best.Id, best.StoredPath, best.DisplayName, Score(best, view)!.Value, best.SubmittedAt, scored.Count, scored.Max(e => e.SubmittedAt)));
        }
        return [.. standings.OrderBy(s => higherIsBetter ? -s.Score : s.Score).ThenBy(s => s.BestAt)];
    }

    static double? Score(Entry e, string view) => view == PrivateView ? e.Private : e.Public;

    static bool Better(double a, double b, bool higherIsBetter) => higherIsBetter ? a > b : a < b;

    static LeaderboardRow Row(ReferenceRow r, double? score) =>
        new(null, r.Name, score, r.Kind.ToString().ToLowerInvariant(), 0, null, null, null, Source: r.Source);
}

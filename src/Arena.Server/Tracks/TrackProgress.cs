using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Competitions;
using Arena.Server.Leaderboards;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Tracks;

/// <summary>
/// Where each member stands on each paper of a track:
/// <list type="bullet">
/// <item><c>replicated</c>: after the competition's reveal, the member's best private score, over the submissions the
/// private leaderboard counts (on time, final selections), is within tolerance of the reported score;</item>
/// <item><c>provisional</c>: before the reveal, their best on-time public score (the public leaderboard's) is within tolerance;</item>
/// <item><c>attempted</c>: they have a scored submission (late ones too) that does neither;</item>
/// <item><c>not-started</c>: no scored submission.</item>
/// </list>
/// Hidden and disqualified submissions and participants count for nothing, as on the leaderboard. A private score is
/// read only for a competition whose reveal the database records at the moment of reading, so none leaves the server early.
/// Whether the member beats the measured human is the leaderboard's own paired comparison (<see cref="HumanComparisons"/>)
/// for the submission that decided the score, on the same item set as the leaderboard: the study's Public-split items
/// before the reveal, all of them after.
/// </summary>
public static class TrackProgress
{
    public sealed record Member(Guid UserId, string UserName, string DisplayName, GroupRole Role);

    sealed record Scored(Guid Id, string StoredPath, int CompetitionId, Guid UserId, bool IsLate, bool IsSelected, double? Public, double? Private, DateTime SubmittedAt);

    /// <summary>The group's members as the members API orders them: the owner, organizers, then members, each by joining time.</summary>
    public static async Task<List<Member>> MembersAsync(this ArenaDb db, int groupId, CancellationToken cancellation)
    {
        var rows = await db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId)
            .Select(m => new { Member = new Member(m.UserId, m.User!.UserName!, m.User.DisplayName, m.Role), m.JoinedAt })
            .ToListAsync(cancellation);
        return [.. rows.OrderByDescending(r => r.Member.Role).ThenBy(r => r.JoinedAt).ThenBy(r => r.Member.UserName, StringComparer.Ordinal).Select(r => r.Member)];
    }

    /// <summary>Each member's progress on every paper, in track order; <paramref name="track"/> is the view of <paramref name="papers"/>, paper for paper.</summary>
    public static async Task<Dictionary<Guid, List<PaperProgress>>> ComputeAsync(ArenaDb db, HumanComparisons humans, TrackView track,
        List<(TrackPaper Paper, Competition Competition)> papers, List<Member> members, CancellationToken cancellation)
    {
        var competitionIds = papers.Select(p => p.Competition.Id).Distinct().ToList();
        var userIds = members.Select(m => m.UserId).ToList();
        List<Scored> submissions = competitionIds.Count == 0 || userIds.Count == 0 ? [] : await db.Submissions.AsNoTracking()
            .Where(s => competitionIds.Contains(s.CompetitionId) && userIds.Contains(s.UserId) && s.Status == SubmissionStatus.Scored
                && s.Sanction == null && !db.ParticipantSanctions.Any(p => p.CompetitionId == s.CompetitionId && p.UserId == s.UserId))
            .Select(s => new Scored(s.Id, s.StoredPath, s.CompetitionId, s.UserId, s.IsLate, s.IsSelected, s.PublicScore,
                s.Competition!.PrivateRevealedAt != null ? s.PrivateScore : null, s.SubmittedAt))
            .ToListAsync(cancellation);
        var byMember = submissions.ToLookup(s => (s.UserId, s.CompetitionId));
        var decided = members.ToDictionary(m => m.UserId, m => papers
            .Select((p, i) => Progress(track.Papers[i], p.Competition.FinalSelections, p.Competition.ScoreDecimals, [.. byMember[(m.UserId, p.Competition.Id)]]))
            .ToList());
        for (var i = 0; i < papers.Count; i++)
        {
            var deciding = members.Where(m => decided[m.UserId][i].Best is not null)
                .Select(m => new BestSubmission(m.UserId, decided[m.UserId][i].Best!.Id, decided[m.UserId][i].Best!.StoredPath)).ToList();
            var board = deciding.Count == 0 ? null : await humans.ForBoardAsync(papers[i].Competition, allItems: track.Papers[i].Revealed, deciding, cancellation);
            if (board is null) continue;
            foreach (var member in members)
            {
                var (progress, best) = decided[member.UserId][i];
                if (best is not null) decided[member.UserId][i] = (progress with { BeatsMeasuredHuman = board.ByUser.GetValueOrDefault(member.UserId)?.BeatsHumans }, best);
            }
        }
        return decided.ToDictionary(d => d.Key, d => d.Value.Select(p => p.Progress).ToList());
    }

    /// <summary>The first paper in track order that the member has not replicated.</summary>
    public static PaperView? Next(IEnumerable<PaperProgress> papers) =>
        papers.FirstOrDefault(p => p.Status != TrackStatus.Replicated)?.Paper;

    /// <summary>The paper's status for one member, and the submission whose score decided it (null without a score).</summary>
    static (PaperProgress Progress, Scored? Best) Progress(PaperView paper, int finalSelections, int decimals, List<Scored> mine)
    {
        var onTime = mine.Where(s => !s.IsLate && s.Public is not null).ToList();
        var (best, view) = paper.Revealed
            ? (Best(FinalSubmissions.Of(onTime, finalSelections, paper.HigherIsBetter, s => s.IsSelected, s => s.Public!.Value, s => s.SubmittedAt), s => s.Private, paper.HigherIsBetter), "private")
            : (Best(onTime, s => s.Public, paper.HigherIsBetter), "public");
        var score = best is null ? null : paper.Revealed ? best.Private : best.Public;
        var status = score is { } s && TrackStatus.Within(s, paper.ReportedScore, paper.Tolerance)
            ? paper.Revealed ? TrackStatus.Replicated : TrackStatus.Provisional
            : mine.Count > 0 ? TrackStatus.Attempted : TrackStatus.NotStarted;
        // BeatsMeasuredHuman is filled in by ComputeAsync from the competition's human comparison, when it has a study.
        // Members see one another's scores here, so they are rounded as on the leaderboard; the status uses every digit.
        return (new PaperProgress(paper, status, ScoreDisplay.Round(score, decimals), score is null ? null : view,
            ScoreDisplay.Round(score - paper.ReportedScore, decimals), mine.Count,
            mine.Count == 0 ? null : mine.Max(x => x.SubmittedAt), BeatsMeasuredHuman: null), best);
    }

    /// <summary>The submission with the best score by <paramref name="score"/>; ties go to the earlier one, as on the leaderboard.</summary>
    static Scored? Best(IEnumerable<Scored> scored, Func<Scored, double?> score, bool higherIsBetter) =>
        scored.Where(s => score(s) is not null).OrderBy(s => higherIsBetter ? -score(s)!.Value : score(s)!.Value).ThenBy(s => s.SubmittedAt).FirstOrDefault();
}

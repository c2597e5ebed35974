using Arena.Data.Entities;

namespace Arena.Server.Tracks;

public sealed record CreateTrackRequest(string? Slug, string? Name, string? Description);

public sealed record EditTrackRequest(string? Name, string? Description);

public sealed record AddPaperRequest(string? Competition, string? Citation, string? Url, double? ReportedScore, double? Tolerance, int? ReferenceId);

/// <summary>Every paper of the track, each once, in the new order.</summary>
public sealed record ReorderRequest(IReadOnlyList<int>? PaperIds);

public sealed record TrackSummary(string Slug, string Name, string Description, int PaperCount);

/// <summary><see cref="Position"/> counts from 0 in track order; <see cref="Revealed"/> says whether the competition's private leaderboard is out.</summary>
public sealed record PaperView(int Id, int Position, string Competition, string CompetitionTitle, string Metric, bool HigherIsBetter,
    string Citation, string? Url, double ReportedScore, double Tolerance, int? ReferenceId, bool Revealed);

public sealed record TrackView(string Group, string Slug, string Name, string Description, DateTime CreatedAt, IReadOnlyList<PaperView> Papers);

/// <summary>
/// A member's standing on one paper. <see cref="Score"/> is the score that decided <see cref="Status"/> and
/// <see cref="ScoreView"/> says which: <c>public</c> (the best on-time public score) before the competition's reveal,
/// <c>private</c> (the best private score of the final submissions, as the private leaderboard counts them) after it.
/// </summary>
public sealed record PaperCell(int PaperId, string Status, double? Score, string? ScoreView);

public sealed record MemberRow(string UserName, string DisplayName, GroupRole Role, int Replicated, int Provisional, int? NextPaperId,
    IReadOnlyList<PaperCell> Papers);

/// <summary>The group's members by the track's papers.</summary>
public sealed record TrackTable(TrackView Track, IReadOnlyList<MemberRow> Members);

/// <summary>
/// One paper in a member's progress. <see cref="BeatsMeasuredHuman"/> is the leaderboard's paired "beats humans"
/// comparison (issue 8, part 4) for the submission that decided <see cref="Score"/>; null when the competition has no
/// measured study yet or the member has no score.
/// </summary>
public sealed record PaperProgress(PaperView Paper, string Status, double? Score, string? ScoreView, double? Difference,
    int ScoredSubmissions, DateTime? LastSubmittedAt, bool? BeatsMeasuredHuman);

/// <summary><see cref="Next"/> is the first paper in track order not yet replicated; null once every paper is.</summary>
public sealed record MemberProgress(string Group, string Track, string TrackName, string UserName, string DisplayName,
    int Replicated, int Provisional, int Total, PaperView? Next, IReadOnlyList<PaperProgress> Papers);

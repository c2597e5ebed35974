namespace Arena.Contracts;

/// <summary>A whole leaderboard. The server always pushes the latest full snapshot, never a diff a slow client could miss.</summary>
public sealed record LeaderboardSnapshot(
    string Competition,
    string View,
    DateTime GeneratedAt,
    long Version,
    IReadOnlyList<LeaderboardRow> Rows,
    LeaderboardSummary Summary,
    HumanItemsSet? HumanItems = null);

/// <summary>
/// How many participants are ranked, and how many of them beat the best human reference row (null without one) or
/// replicated a paper row within its tolerance (null without one).
/// </summary>
public sealed record LeaderboardSummary(int Participants, int? BeatingHuman, int? Replicating, bool PublicFrozen, bool PrivateRevealed);

/// <summary>
/// One row. Reference rows (kind human, benchmark or paper) have no rank. <see cref="Delta"/> is the rank gained since
/// the leaderboard before the latest scored submission (positive moves up), null for a new entry. In the private view,
/// <see cref="PublicRank"/> is the participant's rank on the public leaderboard and <see cref="ShakeUp"/> the places
/// gained from it (positive moved up). <see cref="Replicated"/> is true when the score is within a paper row's
/// tolerance. <see cref="Source"/> says where a reference row comes from.
/// </summary>
public sealed record LeaderboardRow(
    int? Rank,
    string DisplayName,
    double? Score,
    string Kind,
    int SubmissionCount,
    DateTime? LastSubmittedAt,
    int? Delta,
    bool? BeatsHuman,
    bool? Replicated = null,
    int? PublicRank = null,
    int? ShakeUp = null,
    string? Source = null,
    MeasuredHuman? Human = null,
    HumanItemsComparison? OnHumanItems = null);

/// <summary>
/// The measured human row's figures (issue 8): accuracy on the class label over the study's answered items, its 95%
/// interval as the study computes it, and how it was measured. <see cref="Provisional"/> while the study has fewer than
/// 200 items or is not finished. <see cref="Ranked"/> is false when the competition's metric is not accuracy, where the
/// row cannot be placed among the participants' scores and is shown first instead. The oracle-panel figure is never here.
/// </summary>
public sealed record MeasuredHuman(
    double Low, double High, double Confidence, int Items, int Annotators, string Aggregation, bool Provisional, string Status,
    string Metric, bool Ranked, string ProtocolUrl);

/// <summary>
/// Which study items the "on the human items" figures of this snapshot use: <c>public</c> (the study items in the Public
/// split, while private scores are hidden) or <c>all</c>; how many; and the human score and its interval on exactly those
/// items (null when the set is empty).
/// </summary>
public sealed record HumanItemsSet(string ItemSet, int Items, double? HumanScore, double? Low, double? High);

/// <summary>
/// A participant's best submission (the one ranking them on this board) on the items of <see cref="ItemSet"/>:
/// its accuracy, the human's, the difference (model minus human) with its paired-bootstrap 95% interval, the exact
/// McNemar p-value when both sides are right or wrong per item, and whether it beats the humans (the interval's low
/// end above 0). Fractions: +0.03 is three points in the model's favour.
/// </summary>
public sealed record HumanItemsComparison(
    string ItemSet, int Items, double ModelScore, double HumanScore, double Difference, double Low, double High, double? McNemarP,
    bool BeatsHumans);

/// <summary>A submission's status, pushed to its owner only. Never carries the private score.</summary>
public sealed record SubmissionUpdate(Guid Id, string Competition, string Status, double? PublicScore);

/// <summary>
/// How far a rescore has come, pushed to the competition's organizers (<see cref="ILeaderboardHub.WatchAsOrganizer"/>)
/// a few times a second and once when it ends. <see cref="Changed"/> counts the scores that moved.
/// </summary>
public sealed record RescoreProgress(int RunId, string Competition, int Total, int Done, int Changed, bool Finished);

public static class LeaderboardKinds
{
    public const string Participant = "participant";
    public const string Human = "human";
    public const string Benchmark = "benchmark";
    public const string Paper = "paper";
}

/// <summary>What the server calls on a watching client.</summary>
public interface ILeaderboardClient
{
    Task LeaderboardUpdated(LeaderboardSnapshot snapshot);

    Task SubmissionUpdated(SubmissionUpdate update);

    /// <summary>Sent to organizers who called <see cref="ILeaderboardHub.WatchAsOrganizer"/>.</summary>
    Task RescoreProgress(RescoreProgress progress);
}

/// <summary>What a client may call on the hub at <see cref="Path"/>.</summary>
public interface ILeaderboardHub
{
    const string Path = "/hubs/leaderboard";

    /// <summary>Joins the competition's watchers and returns the current public snapshot.</summary>
    Task<LeaderboardSnapshot> Watch(string competition);

    Task Unwatch(string competition);

    /// <summary>Joins the competition's organizers, who receive <see cref="ILeaderboardClient.RescoreProgress"/>; refused to anyone else.</summary>
    Task WatchAsOrganizer(string competition);
}

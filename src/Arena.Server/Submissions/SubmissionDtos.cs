using System.Text.Json;
using Arena.Data.Entities;
using Arena.Scoring.Metrics;
using Arena.Scoring.Validation;
using Arena.Server.Competitions;

namespace Arena.Server.Submissions;

public sealed record SubmissionAccepted(Guid Id, string Status);

public sealed record SubmissionError(long? Line, string? Column, string? Id, string Code, string Message);

public sealed record SubmissionView(
    Guid Id, string Competition, string FileName, string Description, string Status, double? PublicScore, double? PrivateScore,
    IReadOnlyList<SubmissionError> Errors, DateTime SubmittedAt, DateTime? ScoredAt, bool IsLate, bool IsSelected, string? ScorerVersion,
    string? Sanction, string? SanctionReason);

public sealed record ValidationReport(bool Valid, long ErrorCount, IReadOnlyList<SubmissionError> Errors);

public static class SubmissionMapping
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson(IEnumerable<ValidationError> errors) =>
        JsonSerializer.Serialize(errors.Select(ToDto).ToList(), Json);

    public static SubmissionError ToDto(ValidationError e) => new(e.Line, e.Column, e.Id, e.Code, e.Message);

    public static IReadOnlyList<SubmissionError> ErrorsOf(Submission s) =>
        s.Errors is null ? [] : JsonSerializer.Deserialize<List<SubmissionError>>(s.Errors, Json) ?? [];

    /// <summary>
    /// The private score stays hidden until the private leaderboard is revealed; an organizer's sanction and its reason
    /// are shown. Scores are rounded to the competition's display decimals; with the Ladder on, the public score is the
    /// one released after this submission (<paramref name="ladder"/>, from <see cref="LadderOf"/>), as in Blum and Hardt.
    /// </summary>
    public static SubmissionView ToView(Submission s, Competition competition, bool privateRevealed, IReadOnlyDictionary<Guid, double>? ladder = null) => new(
        s.Id, competition.Slug, s.FileName, s.Description, s.Status.ToString().ToLowerInvariant(),
        ScoreDisplay.Round(ladder is not null && ladder.TryGetValue(s.Id, out var released) ? released : s.PublicScore, competition.ScoreDecimals),
        privateRevealed ? ScoreDisplay.Round(s.PrivateScore, competition.ScoreDecimals) : null, ErrorsOf(s), s.SubmittedAt, s.ScoredAt, s.IsLate,
        s.IsSelected, s.ScorerVersion, s.Sanction?.ToString().ToLowerInvariant(), s.SanctionReason);

    /// <summary>
    /// With the Ladder on, the public score released after each of one participant's submissions that the leaderboard
    /// counts (scored, on time, not sanctioned); null when it is off.
    /// </summary>
    public static Dictionary<Guid, double>? LadderOf(Competition competition, IEnumerable<Submission> own) =>
        competition.LadderStep is not { } step ? null : Ladder.Walk(
            own.Where(s => s.Status == SubmissionStatus.Scored && s.PublicScore is not null && !s.IsLate && s.Sanction == null)
                .Select(s => (s.Id, s.SubmittedAt, s.PublicScore!.Value)),
            step, MetricCatalog.TryFind(competition.Metric, out var metric, out _) && metric.HigherIsBetter);
}

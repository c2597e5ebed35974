using System.Text.Json;
using Arena.Data.Entities;
using Arena.Scoring.Validation;

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

    /// <summary>The private score stays hidden until the private leaderboard is revealed; an organizer's sanction and its reason are shown.</summary>
    public static SubmissionView ToView(Submission s, string competition, bool privateRevealed) => new(
        s.Id, competition, s.FileName, s.Description, s.Status.ToString().ToLowerInvariant(), s.PublicScore,
        privateRevealed ? s.PrivateScore : null, ErrorsOf(s), s.SubmittedAt, s.ScoredAt, s.IsLate, s.IsSelected, s.ScorerVersion,
        s.Sanction?.ToString().ToLowerInvariant(), s.SanctionReason);
}

using System.Linq.Expressions;
using Arena.Data.Entities;

namespace Arena.Server.Scoring;

/// <summary>
/// A submission's scoring claim is identified by the moment it was taken (<see cref="Submission.ScoringStartedAt"/>,
/// whole milliseconds). Renewing, releasing and saving a result all require that the claim still be the one taken, so
/// a job whose claim was taken over changes nothing.
/// </summary>
public static class ScoringClaim
{
    public static Expression<Func<Submission, bool>> StillHeld(Guid submissionId, DateTime claimedAt) =>
        s => s.Id == submissionId && s.Status == SubmissionStatus.Scoring && s.ScoringStartedAt == claimedAt;
}

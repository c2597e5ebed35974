using Hangfire;

namespace Arena.Server.Scoring;

/// <summary>Enqueues scoring jobs through the injected client, never Hangfire's static facade (several hosts share one test process).</summary>
public sealed class ScoringQueue(IBackgroundJobClient jobs)
{
    public string Enqueue(Guid submissionId) =>
        jobs.Enqueue<ScoreSubmissionJob>(job => job.RunAsync(submissionId, CancellationToken.None));
}

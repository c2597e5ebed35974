using Arena.Data.Entities;
using Arena.Server.Competitions;
using Hangfire;

namespace Arena.Server.Closing;

/// <summary>
/// Schedules the closing job at the deadline and at the reveal time. Called whenever either is set or moved; the
/// jobs of earlier times stay scheduled and find nothing to do when they run.
/// </summary>
public sealed class ClosingSchedule(IBackgroundJobClient jobs, TimeProvider clock)
{
    public IReadOnlyList<string> Schedule(Competition competition)
    {
        if (competition.State != CompetitionState.Published) return [];
        var now = clock.GetUtcNow();
        var ids = new List<string>();
        foreach (var at in new[] { competition.Deadline, competition.RevealDue() }.OfType<DateTime>().Distinct())
        {
            var id = competition.Id;
            var when = new DateTimeOffset(at, TimeSpan.Zero);
            // The job checks the time again on our clock when it runs, so an early or a late run is harmless.
            ids.Add(when <= now
                ? jobs.Enqueue<CloseCompetitionJob>(job => job.RunAsync(id, CancellationToken.None))
                : jobs.Schedule<CloseCompetitionJob>(job => job.RunAsync(id, CancellationToken.None), when));
        }
        return ids;
    }
}

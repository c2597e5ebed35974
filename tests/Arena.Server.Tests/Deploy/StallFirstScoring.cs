using Arena.Server.Leaderboards;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Deploy;

/// <summary>
/// Holds the first scoring job just after it has claimed its submission (its first call here is the "scoring"
/// push) until the job's token is cancelled, as a worker's stop does: a job caught mid-way by a shutdown. Installed
/// around the host's real notifier; every later call passes straight through, so a restarted host scores normally.
/// </summary>
public sealed class StallFirstScoring
{
    /// <summary>Far beyond the test's own waits, so a stop that never cancels shows as a failure, not a hang.</summary>
    static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);

    int _calls;

    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the held job saw its token cancelled.</summary>
    public bool Cancelled { get; private set; }

    public void Install(IServiceCollection services)
    {
        var real = services.Last(d => d.ServiceType == typeof(IChangeNotifier));
        var type = real.ImplementationType ?? throw new InvalidOperationException("IChangeNotifier is not registered by type");
        services.Remove(real);
        services.AddSingleton<IChangeNotifier>(provider => new Notifier(this, (IChangeNotifier)ActivatorUtilities.CreateInstance(provider, type)));
    }

    async Task HoldFirstAsync(CancellationToken cancellation)
    {
        if (Interlocked.Increment(ref _calls) != 1) return;
        Stalled.TrySetResult();
        try
        {
            await Task.Delay(Longest, cancellation);
        }
        catch (OperationCanceledException)
        {
            Cancelled = true;
            throw;
        }
    }

    sealed class Notifier(StallFirstScoring owner, IChangeNotifier inner) : IChangeNotifier
    {
        public Task LeaderboardChangedAsync(int competitionId, CancellationToken cancellation) =>
            inner.LeaderboardChangedAsync(competitionId, cancellation);

        public async Task SubmissionChangedAsync(Guid submissionId, Guid userId, string competition, CancellationToken cancellation)
        {
            await owner.HoldFirstAsync(cancellation);
            await inner.SubmissionChangedAsync(submissionId, userId, competition, cancellation);
        }

        public Task RescoreProgressAsync(int runId, int competitionId, CancellationToken cancellation) =>
            inner.RescoreProgressAsync(runId, competitionId, cancellation);
    }
}

using Arena.Data;
using Arena.Server.Operations;

namespace Arena.Server.Submissions;

/// <summary>
/// Gives the day's slot back for an upload that was not accepted. Usually at once; when the database is the reason the
/// upload failed, the refund waits for it in the background (a few seconds apart, for up to <see cref="RetryFor"/>)
/// rather than holding the request, which has its 503 to give. A slot whose refund never lands (the process stopped
/// meanwhile) stays used for that day only.
/// </summary>
public sealed class QuotaRefunds(IServiceScopeFactory scopes, TimeProvider clock, ILogger<QuotaRefunds> log)
{
    static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);
    static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    public async Task RefundAsync(int competitionId, Guid userId, DateOnly day)
    {
        try
        {
            await ReleaseAsync(competitionId, userId, day);
        }
        catch (Exception e) when (DatabaseUnavailable.IsTransient(e))
        {
            log.LogWarning("A refused upload's slot (competition {Competition}, user {User}) is given back once the database answers", competitionId, userId);
            _ = Task.Run(() => RetryAsync(competitionId, userId, day), CancellationToken.None);
        }
    }

    async Task RetryAsync(int competitionId, Guid userId, DateOnly day)
    {
        var started = clock.GetUtcNow();
        while (clock.GetUtcNow() - started < RetryFor)
        {
            await Task.Delay(RetryEvery, clock, CancellationToken.None);
            try
            {
                await ReleaseAsync(competitionId, userId, day);
                return;
            }
            catch (Exception e) when (DatabaseUnavailable.IsTransient(e))
            {
                // Still away: the next round.
            }
        }
        log.LogError("A refused upload's slot (competition {Competition}, user {User}) could not be given back: the database stayed away", competitionId, userId);
    }

    async Task ReleaseAsync(int competitionId, Guid userId, DateOnly day)
    {
        // Its own context: the request's may hold the entity whose save just failed.
        await using var scope = scopes.CreateAsyncScope();
        await Quotas.ReleaseAsync(scope.ServiceProvider.GetRequiredService<ArenaDb>(), competitionId, userId, day, CancellationToken.None);
    }
}

using System.Collections.Concurrent;
using Arena.Contracts;
using Arena.Data;
using Arena.Server.Configuration;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>
/// Pushes a competition's full public snapshot to its watchers when it changes, at most
/// <see cref="ArenaOptions.LeaderboardPushesPerSecond"/> times a second: a burst of scores becomes one push of the
/// latest state, and a change never waits longer than one interval. SignalR buffers per connection, so a slow
/// watcher delays only itself.
/// </summary>
public sealed class LeaderboardBroadcaster(IServiceScopeFactory scopes, IHubContext<LeaderboardHub, ILeaderboardClient> hub,
    GroupWatchers groupWatchers, ArenaOptions options, ILogger<LeaderboardBroadcaster> log)
{
    sealed class State
    {
        public int Scheduled;
        public long LastSentAt;
    }

    readonly ConcurrentDictionary<int, State> _states = new();

    // The push rate is a matter of real time, not of the competition's clock: a clock stopped or moved in a test (or
    // set back on a server) must not hold pushes back.
    readonly TimeProvider _clock = TimeProvider.System;
    readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / options.LeaderboardPushesPerSecond);

    /// <summary>Competitions that were pushed or changed in this process (after a reconnect, all of them are pushed again).</summary>
    public IReadOnlyCollection<int> KnownCompetitions => [.. _states.Keys];

    public void MarkChanged(int competitionId)
    {
        var state = _states.GetOrAdd(competitionId, _ => new State());
        // A push that is already due reads the data when it runs, so it covers this change too.
        if (Interlocked.Exchange(ref state.Scheduled, 1) == 1) return;
        _ = PushSoonAsync(competitionId, state);
    }

    async Task PushSoonAsync(int competitionId, State state)
    {
        try
        {
            var wait = TimeSpan.FromTicks(Volatile.Read(ref state.LastSentAt)) + _interval - TimeSpan.FromTicks(_clock.GetUtcNow().UtcTicks);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock);
            Volatile.Write(ref state.Scheduled, 0);
            Volatile.Write(ref state.LastSentAt, _clock.GetUtcNow().UtcTicks);
            await PushAsync(competitionId);
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not push the leaderboard of competition {Competition}", competitionId);
        }
    }

    async Task PushAsync(int competitionId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var competition = await db.Competitions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == competitionId);
        if (competition is null) return;
        var snapshot = await scope.ServiceProvider.GetRequiredService<LeaderboardBuilder>().BuildAsync(competition, LeaderboardBuilder.PublicView, CancellationToken.None);
        if (competition.GroupId is null)
            await hub.Clients.Group(LeaderboardHub.CompetitionGroup(competitionId)).LeaderboardUpdated(snapshot);
        else
            await hub.Clients.Clients(await groupWatchers.AllowedConnectionsAsync(db, competition, CancellationToken.None)).LeaderboardUpdated(snapshot);
    }
}

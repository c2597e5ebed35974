using System.Collections.Concurrent;
using Arena.Data;
using Arena.Server.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>
/// Tells the leaderboard that a competition's human study changed, through the usual change path, at most once per
/// <see cref="ArenaOptions.HumanStudyPushInterval"/>. Why a second, slower throttle besides the broadcaster's: three
/// annotators answering every second would otherwise rebuild the board (and rerun every participant's 10,000-resample
/// comparison, since each answer makes a new study) ten times a second, and in PostgreSQL mode send a notification per
/// answer to every node. The last answer of a burst is always pushed, at most one interval late; and since each push
/// then covers several answers, a watcher cannot tie a move of the human score to one answer as easily.
/// </summary>
public sealed class HumanStudyPushes(IServiceScopeFactory scopes, IChangeNotifier changes, ArenaOptions options, ILogger<HumanStudyPushes> log)
{
    sealed class State
    {
        public int Scheduled;
        public long LastSentAt;
    }

    readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    // As the broadcaster: a rate in real time, whatever the competition's clock says.
    readonly TimeProvider _clock = TimeProvider.System;

    public void Changed(string slug)
    {
        var state = _states.GetOrAdd(slug, _ => new State());
        if (Interlocked.Exchange(ref state.Scheduled, 1) == 1) return;
        _ = NotifySoonAsync(slug, state);
    }

    async Task NotifySoonAsync(string slug, State state)
    {
        try
        {
            var wait = TimeSpan.FromTicks(Volatile.Read(ref state.LastSentAt)) + options.HumanStudyPushInterval - TimeSpan.FromTicks(_clock.GetUtcNow().UtcTicks);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock);
            Volatile.Write(ref state.Scheduled, 0);
            Volatile.Write(ref state.LastSentAt, _clock.GetUtcNow().UtcTicks);
            await using var scope = scopes.CreateAsyncScope();
            var id = await scope.ServiceProvider.GetRequiredService<ArenaDb>().Competitions.AsNoTracking()
                .Where(c => c.Slug == slug).Select(c => (int?)c.Id).FirstOrDefaultAsync();
            if (id is { } competitionId) await changes.LeaderboardChangedAsync(competitionId, CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The server stopped during the wait: there is no one left to push to.
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not announce a human-study change of {Competition}", slug);
        }
    }
}

/// <summary>
/// On the human-study routes: a request that may change the study (anything but a GET) and succeeded announces the
/// change. One filter on the route group covers answers, undo, close, set-up, delete and import alike.
/// </summary>
public sealed class HumanStudyChangeFilter(HumanStudyPushes pushes) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var succeeded = result is not IStatusCodeHttpResult { StatusCode: >= 400 } && http.Response.StatusCode < 400;
        if (!HttpMethods.IsGet(http.Request.Method) && succeeded && http.Request.RouteValues["slug"] is string slug) pushes.Changed(slug);
        return result;
    }
}

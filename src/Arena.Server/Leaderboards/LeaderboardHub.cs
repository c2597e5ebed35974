using Arena.Contracts;
using Arena.Data;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>
/// Anyone may watch a public competition; a group competition only its members. A signed-in connection also joins its owner's group, which receives
/// <see cref="ILeaderboardClient.SubmissionUpdated"/> for that user's submissions only.
/// </summary>
[AllowAnonymous]
public sealed class LeaderboardHub(ArenaDb db, LeaderboardBuilder builder, GroupWatchers groupWatchers, HubShutdown shutdown) : Hub<ILeaderboardClient>, ILeaderboardHub
{
    public static string CompetitionGroup(int competitionId) => $"competition:{competitionId}";

    public static string UserGroup(Guid userId) => $"user:{userId:N}";

    public static string OrganizersGroup(int competitionId) => $"organizers:{competitionId}";

    public override async Task OnConnectedAsync()
    {
        shutdown.Opened(Context);
        if (Context.User?.UserId() is { } userId) await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId));
        await base.OnConnectedAsync();
    }

    public async Task<LeaderboardSnapshot> Watch(string competition)
    {
        // The same answer for a competition the caller may not see as for one that does not exist.
        var viewer = await Viewer.ForAsync(Context.User, db, Context.ConnectionAborted);
        var found = await db.Competitions.AsNoTracking().VisibleTo(db, viewer).FirstOrDefaultAsync(c => c.Slug == competition, Context.ConnectionAborted)
            ?? throw new HubException($"No competition '{competition}'.");
        // A group competition's watchers are checked at every push (see GroupWatchers); a group competition can only
        // be seen signed in, so the user is known.
        if (found.GroupId is not null) groupWatchers.Add(Context.ConnectionId, found.Id, viewer.UserId!.Value);
        else await Groups.AddToGroupAsync(Context.ConnectionId, CompetitionGroup(found.Id), Context.ConnectionAborted);
        return await builder.BuildAsync(found, LeaderboardBuilder.PublicView, Context.ConnectionAborted);
    }

    /// <summary>Only the competition's organizers join; anyone else gets the answer for an unknown competition.</summary>
    public async Task WatchAsOrganizer(string competition)
    {
        var viewer = await Viewer.ForAsync(Context.User, db, Context.ConnectionAborted);
        var id = await db.Competitions.AsNoTracking().OrganizedBy(db, viewer).Where(c => c.Slug == competition)
            .Select(c => (int?)c.Id).FirstOrDefaultAsync(Context.ConnectionAborted)
            ?? throw new HubException($"No competition '{competition}'.");
        await Groups.AddToGroupAsync(Context.ConnectionId, OrganizersGroup(id), Context.ConnectionAborted);
    }

    public async Task Unwatch(string competition)
    {
        var id = await db.Competitions.AsNoTracking().Where(c => c.Slug == competition).Select(c => (int?)c.Id).FirstOrDefaultAsync(Context.ConnectionAborted);
        if (id is not { } competitionId) return;
        groupWatchers.Remove(Context.ConnectionId, competitionId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, CompetitionGroup(competitionId), Context.ConnectionAborted);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        groupWatchers.RemoveConnection(Context.ConnectionId);
        shutdown.Closed(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

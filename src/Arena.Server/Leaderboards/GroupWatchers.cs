using System.Collections.Concurrent;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>
/// The connections of this node that watch a group competition, and as whom. A SignalR group would keep pushing to
/// someone who left the study group after they started watching; instead each push goes only to the watchers who
/// may still see the competition when it is sent.
/// </summary>
public sealed class GroupWatchers
{
    readonly ConcurrentDictionary<(string ConnectionId, int CompetitionId), Guid> _watchers = new();

    public void Add(string connectionId, int competitionId, Guid userId) => _watchers[(connectionId, competitionId)] = userId;

    public void Remove(string connectionId, int competitionId) => _watchers.TryRemove((connectionId, competitionId), out _);

    public void RemoveConnection(string connectionId)
    {
        foreach (var key in _watchers.Keys.Where(k => k.ConnectionId == connectionId)) _watchers.TryRemove(key, out _);
    }

    /// <summary>The watching connections whose user is still a member, an organizer of it, or an admin.</summary>
    public async Task<IReadOnlyList<string>> AllowedConnectionsAsync(ArenaDb db, Competition competition, CancellationToken cancellation)
    {
        var watching = _watchers.Where(w => w.Key.CompetitionId == competition.Id).Select(w => (w.Key.ConnectionId, UserId: w.Value)).ToList();
        if (watching.Count == 0) return [];
        var users = watching.Select(w => w.UserId).Distinct().ToList();
        var allowed = await db.GroupMembers.Where(m => m.GroupId == competition.GroupId && users.Contains(m.UserId)).Select(m => m.UserId)
            .Union(db.UserRoles.Where(r => users.Contains(r.UserId)).Join(db.Roles.Where(r => r.Name == AccountsSetup.AdminRole), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId))
            .ToListAsync(cancellation);
        if (competition.CreatedById is { } creator && users.Contains(creator)) allowed.Add(creator);
        return [.. watching.Where(w => allowed.Contains(w.UserId)).Select(w => w.ConnectionId)];
    }
}

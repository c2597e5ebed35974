using System.Text.Json;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Server.Tests.Live;

/// <summary>Records what the server pushes to one connection; SubmissionUpdated is kept raw to check its exact shape.</summary>
sealed class HubRecorder
{
    readonly Lock _lock = new();
    readonly List<LeaderboardSnapshot> _snapshots = [];
    readonly List<JsonElement> _updates = [];

    public HubRecorder(HubConnection connection)
    {
        connection.On<JsonElement>(nameof(ILeaderboardClient.LeaderboardUpdated), json =>
        {
            var snapshot = json.Deserialize<LeaderboardSnapshot>(ArenaClients.Json)!;
            lock (_lock) _snapshots.Add(snapshot);
        });
        connection.On<JsonElement>(nameof(ILeaderboardClient.SubmissionUpdated), json =>
        {
            lock (_lock) _updates.Add(json.Clone());
        });
    }

    public IReadOnlyList<LeaderboardSnapshot> Snapshots
    {
        get { lock (_lock) return [.. _snapshots]; }
    }

    public IReadOnlyList<JsonElement> RawUpdates
    {
        get { lock (_lock) return [.. _updates]; }
    }

    public IReadOnlyList<SubmissionUpdate> UpdatesFor(Guid id) =>
        [.. RawUpdates.Select(json => json.Deserialize<SubmissionUpdate>(ArenaClients.Json)!).Where(u => u.Id == id)];
}

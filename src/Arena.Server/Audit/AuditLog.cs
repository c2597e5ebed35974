using System.Text.Json;
using Arena.Data;
using Arena.Data.Entities;

namespace Arena.Server.Audit;

/// <summary>
/// Every organizer action leaves an entry. The entry is added to the same unit of work as the change it describes,
/// so both are saved or neither is.
/// </summary>
public static class AuditLog
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Record(this ArenaDb db, TimeProvider clock, string action, Guid? actorId,
        int? competitionId = null, int? groupId = null, object? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            Action = action,
            ActorId = actorId,
            CompetitionId = competitionId,
            GroupId = groupId,
            Details = details is null ? "{}" : JsonSerializer.Serialize(details, Json),
            At = clock.GetUtcNow().UtcDateTime,
        });
}

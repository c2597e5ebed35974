using System.Text.Json;
using Arena.Data;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Audit;

public sealed record AuditView(long Id, DateTime At, string Action, string? Actor, JsonElement Details);

public static class AuditApi
{
    public static void MapAudit(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/competitions/{slug}/audit", ListAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);

    /// <summary>Newest first, for the competition's organizers.</summary>
    static async Task<IResult> ListAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        var entries = await db.AuditLog.AsNoTracking().Where(a => a.CompetitionId == competition.Id)
            .OrderByDescending(a => a.Id)
            .Select(a => new { a.Id, a.At, a.Action, a.Details, Actor = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.UserName).FirstOrDefault() })
            .ToListAsync(cancellation);
        return TypedResults.Ok(entries.Select(a => new AuditView(a.Id, a.At, a.Action, a.Actor, JsonDocument.Parse(a.Details).RootElement.Clone())).ToList());
    }
}

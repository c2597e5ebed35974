using System.Globalization;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Operations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Running;

/// <summary><c>day</c> is a UTC day as yyyy-MM-dd; today when left out.</summary>
public sealed record ExtraSubmissionsGrant(string? UserName, int? Count, string? Day);

/// <summary><c>limit</c> is the participant's whole limit for the day: the competition's plus the extra.</summary>
public sealed record ExtraSubmissions(string UserName, string Day, int Extra, int Limit);

public static class ExtraSubmissionsApi
{
    const int MaxGrant = 1000;

    public static void MapExtraSubmissions(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/competitions/{slug}/extra-submissions", GrantAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);

    /// <summary>Adds to the participant's extra submissions for one day; the quota's reservation counts them (see Quotas).</summary>
    static async Task<IResult> GrantAsync(string slug, ExtraSubmissionsGrant request, HttpContext http, ArenaDb db, UserManager<ArenaUser> users,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        if (request.Count is not { } count || count is <= 0 or > MaxGrant)
            return Problems.BadRequest($"'count' must be a number from 1 to {MaxGrant}.");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var day = today;
        if (request.Day is not null && !DateOnly.TryParseExact(request.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            return Problems.BadRequest("'day' must be a date written yyyy-MM-dd.");
        if (day < today) return Problems.BadRequest("'day' is in the past; extra submissions can be granted for today or a later day.");
        var user = string.IsNullOrWhiteSpace(request.UserName) ? null : await users.FindByNameAsync(request.UserName.Trim());
        if (user is null) return Problems.NotFound($"No user '{request.UserName}'.");

        var competitionId = competition.Id;
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            var added = await db.SubmissionQuotas.Where(q => q.CompetitionId == competitionId && q.UserId == user.Id && q.Day == day)
                .ExecuteUpdateAsync(q => q.SetProperty(x => x.Extra, x => x.Extra + count), cancellation);
            if (added == 0) db.SubmissionQuotas.Add(new SubmissionQuota { CompetitionId = competitionId, UserId = user.Id, Day = day, Extra = count });
            db.Record(clock, "extra-submissions-granted", http.User.UserId(), competitionId, details: new { userName = user.UserName, day, count });
            try
            {
                await db.SaveChangesAsync(cancellation);
                await transaction.CommitAsync(cancellation);
                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A first upload of the day created the row at the same moment: go round and add to it.
                db.ChangeTracker.Clear();
            }
        }
        var extra = await db.SubmissionQuotas.AsNoTracking().Where(q => q.CompetitionId == competitionId && q.UserId == user.Id && q.Day == day)
            .Select(q => q.Extra).FirstAsync(cancellation);
        return TypedResults.Ok(new ExtraSubmissions(user.UserName!, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), extra,
            competition.DailySubmissionLimit + extra));
    }
}

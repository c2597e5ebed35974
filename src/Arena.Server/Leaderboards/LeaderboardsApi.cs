using Arena.Contracts;
using Arena.Data;
using Arena.Server.Competitions;
using Arena.Server.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

public static class LeaderboardsApi
{
    public static void MapLeaderboards(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/competitions/{slug}/leaderboard", GetAsync).AllowAnonymous();
        app.MapHub<LeaderboardHub>(ILeaderboardHub.Path);
    }

    /// <summary>
    /// The private view answers 403 until the private leaderboard is revealed. The competition's organizers, who may see
    /// private scores, get the human comparison on every study item; everyone else on the Public ones until the reveal.
    /// </summary>
    static async Task<Results<Ok<LeaderboardSnapshot>, NotFound, ProblemHttpResult>> GetAsync(
        string slug, string? view, HttpContext http, ArenaDb db, LeaderboardBuilder builder, TimeProvider clock, CancellationToken cancellation)
    {
        var competition = await db.FindVisibleAsync(http, slug, cancellation);
        if (competition is null) return TypedResults.NotFound();
        view = string.IsNullOrEmpty(view) ? LeaderboardBuilder.PublicView : view.ToLowerInvariant();
        if (view is not (LeaderboardBuilder.PublicView or LeaderboardBuilder.PrivateView))
            return TypedResults.Problem("view must be 'public' or 'private'.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        if (view == LeaderboardBuilder.PrivateView && !competition.IsPrivateRevealedAt(clock.GetUtcNow().UtcDateTime))
            return TypedResults.Problem("The private leaderboard is revealed at the deadline.", statusCode: StatusCodes.Status403Forbidden, title: "Not revealed yet");
        var viewer = await Viewer.ForAsync(http);
        var organizer = viewer.UserId is not null && await db.Competitions.OrganizedBy(db, viewer).AnyAsync(c => c.Id == competition.Id, cancellation);
        return TypedResults.Ok(await builder.BuildAsync(competition, view, cancellation, seesPrivate: organizer));
    }
}

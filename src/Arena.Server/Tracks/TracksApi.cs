using System.Text.RegularExpressions;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Audit;
using Arena.Server.Groups;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Tracks;

/// <summary>
/// A group's replication tracks: members read them, the group's owner and organizers (and admins) create, edit and
/// delete them. Mapped inside the group routes, so every route needs a signed-in caller and outsiders get 404.
/// </summary>
public static partial class TracksApi
{
    public static void MapTracks(this RouteGroupBuilder groups)
    {
        groups.MapPost("/{slug}/tracks", CreateAsync);
        groups.MapGet("/{slug}/tracks", ListAsync);
        groups.MapGet("/{slug}/tracks/{track}", GetAsync);
        groups.MapPatch("/{slug}/tracks/{track}", EditAsync);
        groups.MapDelete("/{slug}/tracks/{track}", DeleteAsync);
        groups.MapTrackPapers();
        groups.MapTrackProgress();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,63}$")]
    private static partial Regex SlugPattern();

    const int MaxDescription = 4000;

    static async Task<IResult> CreateAsync(string slug, CreateTrackRequest request, HttpContext http, ArenaDb db, TimeProvider clock,
        CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        if (!standing.Runs) return GroupAccess.OnlyOrganizers();
        var trackSlug = request.Slug ?? "";
        var problems = new Dictionary<string, string[]>();
        if (!SlugPattern().IsMatch(trackSlug))
            problems["slug"] = ["A slug is 3 to 64 lowercase letters, digits and hyphens, and starts with a letter or a digit."];
        CheckText(problems, request.Name, request.Description, nameRequired: true);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        if (await db.ReplicationTracks.AnyAsync(t => t.GroupId == standing.Group.Id && t.Slug == trackSlug, cancellation)) return Taken(trackSlug);

        var track = new ReplicationTrack
        {
            GroupId = standing.Group.Id, Slug = trackSlug, Name = request.Name!.Trim(), Description = request.Description?.Trim() ?? "",
            CreatedById = standing.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ReplicationTracks.Add(track);
        db.Record(clock, "track-created", standing.UserId, groupId: standing.Group.Id, details: new { track = trackSlug, name = track.Name });
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateException)
        {
            // Another request took the slug between the check and the insert.
            return Taken(trackSlug);
        }
        return TypedResults.Created($"/api/groups/{slug}/tracks/{trackSlug}", TrackAccess.View(slug, track, []));
    }

    static IResult Taken(string slug) => Problems.Conflict($"The group already has a track '{slug}'.");

    static void CheckText(Dictionary<string, string[]> problems, string? name, string? description, bool nameRequired)
    {
        if (name is not null || nameRequired)
        {
            var trimmed = name?.Trim() ?? "";
            if (trimmed.Length == 0) problems["name"] = ["A name is required."];
            else if (trimmed.Length > 200) problems["name"] = ["A name is at most 200 characters."];
        }
        if (description?.Trim().Length > MaxDescription) problems["description"] = [$"A description is at most {MaxDescription} characters."];
    }

    static async Task<IResult> ListAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        return TypedResults.Ok(await db.SummariesAsync(http, standing.Group.Id, cancellation));
    }

    static async Task<IResult> GetAsync(string slug, string track, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        return TypedResults.Ok(TrackAccess.View(slug, found.Track, await db.PapersAsync(http, found.Track.Id, cancellation)));
    }

    /// <summary>The slug stays: it is the track's address, which members may have bookmarked.</summary>
    static async Task<IResult> EditAsync(string slug, string track, EditTrackRequest request, HttpContext http, ArenaDb db, TimeProvider clock,
        CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        if (!found.Standing.Runs) return GroupAccess.OnlyOrganizers();
        var problems = new Dictionary<string, string[]>();
        CheckText(problems, request.Name, request.Description, nameRequired: false);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var name = request.Name?.Trim() ?? found.Track.Name;
        var description = request.Description?.Trim() ?? found.Track.Description;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        await db.ReplicationTracks.Where(t => t.Id == found.Track.Id)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.Name, name).SetProperty(x => x.Description, description), cancellation);
        db.Record(clock, "track-edited", found.Standing.UserId, groupId: found.Standing.Group.Id, details: new { track, name });
        await db.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        found.Track.Name = name;
        found.Track.Description = description;
        return TypedResults.Ok(TrackAccess.View(slug, found.Track, await db.PapersAsync(http, found.Track.Id, cancellation)));
    }

    /// <summary>Deleting a track removes its papers, not the competitions or anyone's submissions.</summary>
    static async Task<IResult> DeleteAsync(string slug, string track, HttpContext http, ArenaDb db, TimeProvider clock, CancellationToken cancellation)
    {
        var (found, refusal) = await db.FindTrackAsync(http, slug, track, cancellation);
        if (found is null) return refusal!;
        if (!found.Standing.Runs) return GroupAccess.OnlyOrganizers();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        await db.ReplicationTracks.Where(t => t.Id == found.Track.Id).ExecuteDeleteAsync(cancellation);
        db.Record(clock, "track-deleted", found.Standing.UserId, groupId: found.Standing.Group.Id, details: new { track, name = found.Track.Name });
        await db.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        return TypedResults.NoContent();
    }
}

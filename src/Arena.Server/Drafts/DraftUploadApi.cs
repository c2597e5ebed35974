using System.Text.RegularExpressions;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Bundles;
using Arena.Server.Configuration;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Drafts;

public sealed record DraftCreated(string Slug);

/// <summary>
/// <c>POST /api/competitions</c>: an organizer uploads a bundle zip (competitions/README.md), which becomes a draft
/// that only its organizers see until it is published. Mapped apart from the anonymous competitions group on purpose.
/// </summary>
public static partial class DraftUploadApi
{
    /// <summary>Messages about the upload's content start with this instead of a server folder's name.</summary>
    const string Where = "bundle";

    public static void MapDraftUpload(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/competitions", CreateAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy).DisableAntiforgery();

    /// <summary>
    /// The zip is streamed to a temporary folder under the data directory and extracted there; the folder is removed
    /// whatever happens. Only the importer's copy (public files, and the hidden ones under <c>private/</c>) is kept.
    /// </summary>
    static async Task<IResult> CreateAsync(HttpContext http, ArenaDb db, BundleImporter importer, DataPaths paths, ArenaOptions options,
        CancellationToken cancellation)
    {
        var viewer = await Viewer.ForAsync(http);
        var temporary = Path.Combine(paths.Uploads, $"bundle-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            var zip = Path.Combine(temporary, "bundle.zip");
            var upload = await BundleUpload.ReceiveAsync(http, zip, options.MaxBundleBytes, cancellation);
            if (upload.Problem is not null) return upload.Problem;
            var (groupId, refusal) = await PlaceAsync(db, viewer, upload.Group, cancellation);
            if (refusal is not null) return refusal;

            var root = BundleArchive.Extract(zip, Path.Combine(temporary, "content"), options.MaxBundleExtractedBytes, cancellation);
            var manifest = await BundleManifest.ReadAsync(root, Where, cancellation);
            if (manifest.Slug is not { } slug || !SlugPattern().IsMatch(slug))
                return Problems.BadRequest($"{Where}: competition.yaml needs a 'slug' of 3 to 64 lowercase letters, digits and hyphens (got '{manifest.Slug}').");
            var competition = await importer.ImportAsync(root, manifest, slug, BundleOrigin.Upload(viewer.UserId!.Value, groupId), Where, cancellation);
            if (competition is null) return Problems.Conflict($"A competition with the slug '{slug}' already exists; choose another slug.");
            return TypedResults.Created($"/api/competitions/{slug}", new DraftCreated(slug));
        }
        catch (BundleException e)
        {
            return Problems.BadRequest(e.Message);
        }
        finally
        {
            Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>
    /// Where the draft goes. Into a group: its owner and organizers (and admins); a plain member is refused with 403,
    /// and for anyone else the group does not exist (404). Without a group the competition will be public, which
    /// only admins and the organizers they named may create.
    /// </summary>
    static async Task<(int? GroupId, IResult? Refusal)> PlaceAsync(ArenaDb db, Viewer viewer, string? groupSlug, CancellationToken cancellation)
    {
        if (groupSlug is null)
        {
            return viewer.IsAdmin || viewer.IsOrganizer ? (null, null)
                : (null, Problems.Forbidden("Only admins and organizers named by an admin may create public competitions; a group's organizers upload into their group with the 'group' field."));
        }
        var userId = viewer.UserId;
        var group = await db.Groups.AsNoTracking().Where(g => g.Slug == groupSlug)
            .Select(g => new { g.Id, g.OwnerId, Role = db.GroupMembers.Where(m => m.GroupId == g.Id && m.UserId == userId).Select(m => (GroupRole?)m.Role).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellation);
        if (group is not null && (viewer.IsAdmin || group.OwnerId == userId || group.Role is GroupRole.Organizer or GroupRole.Owner)) return (group.Id, null);
        return group?.Role is GroupRole.Member
            ? (null, Problems.Forbidden($"Only the owner and organizers of the group '{groupSlug}' may create its competitions."))
            : (null, Problems.NotFound($"There is no group '{groupSlug}'."));
    }

    [GeneratedRegex("^[a-z0-9-]{3,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}

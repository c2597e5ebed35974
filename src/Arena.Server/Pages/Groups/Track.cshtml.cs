using Arena.Data;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Arena.Server.Tracks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Groups;

public sealed record CompetitionChoice(string Slug, string Title);

/// <summary>
/// A replication track: its papers in order and the members-by-papers table, for everyone in the group; adding,
/// reordering and removing papers for those who run it (through the track API from groups-track.js, which checks again).
/// </summary>
[Authorize]
public sealed class TrackModel(ArenaDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "track")] public string TrackSlug { get; set; } = "";

    public TrackAccess.Found Found { get; private set; } = null!;
    public TrackTable Table { get; private set; } = null!;

    /// <summary>The group's competitions not yet in the track, for the organizers' "add a paper" form.</summary>
    public List<CompetitionChoice> Choices { get; private set; } = [];
    public bool Runs => Found.Standing.Runs;
    public string? MyUserName => User.Identity?.Name;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        var (found, _) = await db.FindTrackAsync(HttpContext, Slug, TrackSlug, cancellation);
        if (found is null) return NotFound();
        Found = found;
        ViewData["Title"] = found.Track.Name;
        Table = await TrackProgressApi.TableOfAsync(db, HttpContext, found, cancellation);
        if (Runs)
        {
            var inTrack = Table.Track.Papers.Select(p => p.Competition).ToHashSet(StringComparer.Ordinal);
            var competitions = await db.Competitions.AsNoTracking().VisibleTo(db, await Viewer.ForAsync(HttpContext))
                .Where(c => c.GroupId == found.Standing.Group.Id).OrderBy(c => c.Title)
                .Select(c => new CompetitionChoice(c.Slug, c.Title)).ToListAsync(cancellation);
            Choices = [.. competitions.Where(c => !inTrack.Contains(c.Slug))];
        }
        return Page();
    }

    /// <summary>Organizers open anyone's progress; a member opens their own.</summary>
    public string? ProgressLink(MemberRow member) =>
        Runs ? $"/groups/{Slug}/tracks/{TrackSlug}/members/{Uri.EscapeDataString(member.UserName)}"
        : string.Equals(member.UserName, MyUserName, StringComparison.OrdinalIgnoreCase) ? $"/groups/{Slug}/tracks/{TrackSlug}/me" : null;

    public static string StatusLabel(string status) => status.Replace('-', ' ');
}

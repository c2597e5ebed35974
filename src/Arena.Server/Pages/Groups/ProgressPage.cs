using Arena.Data;
using Arena.Server.Groups;
using Arena.Server.Tracks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arena.Server.Pages.Groups;

/// <summary>
/// A member's progress through a track (<c>_Progress.cshtml</c>), by the rule of
/// <c>GET /api/groups/{slug}/tracks/{track}/members/{userName}/progress</c>: the member themself, and the group's
/// owner and organizers for anyone; another plain member is refused.
/// </summary>
public abstract class ProgressPage(ArenaDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Slug { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "track")] public string TrackSlug { get; set; } = "";

    public MemberProgress Progress { get; private set; } = null!;
    public bool IsMine { get; private set; }

    /// <summary>The member named by <paramref name="userName"/>, or the caller when it is null.</summary>
    protected async Task<IActionResult> ShowAsync(string? userName, CancellationToken cancellation)
    {
        var (found, _) = await db.FindTrackAsync(HttpContext, Slug, TrackSlug, cancellation);
        if (found is null) return NotFound();
        var userId = found.Standing.UserId;
        if (userName is not null)
        {
            var member = await db.FindMemberAsync(found.Standing.Group.Id, userName, cancellation);
            if (member is null) return NotFound();
            if (member.UserId != userId && !found.Standing.Runs) return Forbid();
            userId = member.UserId;
        }
        if (await TrackProgressApi.ProgressOfAsync(db, HttpContext, found, userId, cancellation) is not { } progress) return NotFound();
        Progress = progress;
        IsMine = userId == found.Standing.UserId;
        ViewData["Title"] = $"{progress.UserName} · {progress.TrackName}";
        return Page();
    }
}

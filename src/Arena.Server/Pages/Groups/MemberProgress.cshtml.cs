using Arena.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Arena.Server.Pages.Groups;

/// <summary>One member's progress through a track, for that member and the group's organizers.</summary>
[Authorize]
public sealed class MemberProgressModel(ArenaDb db) : ProgressPage(db)
{
    [BindProperty(SupportsGet = true)] public string UserName { get; set; } = "";

    public Task<IActionResult> OnGetAsync(CancellationToken cancellation) => ShowAsync(UserName, cancellation);
}

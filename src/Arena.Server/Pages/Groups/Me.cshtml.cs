using Arena.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Arena.Server.Pages.Groups;

/// <summary>The caller's own progress through a track.</summary>
[Authorize]
public sealed class MeModel(ArenaDb db) : ProgressPage(db)
{
    public Task<IActionResult> OnGetAsync(CancellationToken cancellation) => ShowAsync(null, cancellation);
}

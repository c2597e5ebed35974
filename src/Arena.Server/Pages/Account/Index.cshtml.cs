using Arena.Data;
using Arena.Server.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Account;

/// <summary>
/// Who the visitor is, and their personal API tokens for the CLI and scripts. The token list and its actions live in
/// account-index.js on <c>/api/tokens</c>: a new token's secret exists only in the answer to its creation, so it is
/// shown there once and never rendered by the server. (Signed in only, by the Account folder's convention.)
/// </summary>
public sealed class IndexModel(ArenaDb db) : PageModel
{
    public string UserName { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string? Email { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public List<string> Roles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        var viewer = await Viewer.ForAsync(HttpContext);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == viewer.UserId)
            .Select(u => new { u.UserName, u.DisplayName, u.Email, u.CreatedAt }).FirstOrDefaultAsync(cancellation);
        // A cookie outliving its account (deleted by an admin) leads nowhere useful.
        if (user is null) return NotFound();
        (UserName, DisplayName, Email, CreatedAt) = (user.UserName ?? "", user.DisplayName, user.Email, user.CreatedAt);
        if (viewer.IsAdmin) Roles.Add("admin: runs this server and every competition and group");
        if (viewer.IsOrganizer) Roles.Add("organizer: creates and runs competitions");
        if (viewer.OrganizesAGroup) Roles.Add("group organizer: runs the competitions of the groups you own or organize");
        ViewData["Title"] = "Your account";
        return Page();
    }
}

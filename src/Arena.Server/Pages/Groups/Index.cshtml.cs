using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Competitions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Groups;

public sealed record MyGroup(string Slug, string Name, GroupRole Role, int Members, int Competitions);

/// <summary>The visitor's study groups, and a form to start one (it posts to <c>POST /api/groups</c> from groups-index.js).</summary>
[Authorize]
public sealed class IndexModel(ArenaDb db) : PageModel
{
    public List<MyGroup> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var viewer = await Viewer.ForAsync(HttpContext);
        var userId = viewer.UserId!.Value;
        var mine = await db.GroupMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Groups, m => m.GroupId, g => g.Id, (m, g) => new { g.Id, g.Slug, g.Name, m.Role })
            .ToListAsync(cancellation);
        var ids = mine.Select(g => g.Id).ToList();
        var members = await db.GroupMembers.Where(m => ids.Contains(m.GroupId)).GroupBy(m => m.GroupId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellation);
        // Competitions are counted as the visitor may see them, so a draft they may not open is not counted either.
        var competitions = (await db.Competitions.AsNoTracking().VisibleTo(db, viewer).Where(c => c.GroupId != null && ids.Contains(c.GroupId.Value))
            .Select(c => c.GroupId!.Value).ToListAsync(cancellation)).CountBy(id => id).ToDictionary();
        Groups = mine.Select(g => new MyGroup(g.Slug, g.Name, g.Role, members.GetValueOrDefault(g.Id), competitions.GetValueOrDefault(g.Id)))
            .OrderBy(g => g.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(g => g.Slug, StringComparer.Ordinal).ToList();
    }
}

using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Groups;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Groups;

/// <summary>
/// Where invite links lead (<see cref="GroupInvitesApi.LinkFor"/>). The page says what the code is for, or why it
/// no longer works, with the status the API would give (404, 410); joining itself is <c>POST /api/groups/join</c>
/// from groups-join.js. Visitors who are not signed in are sent to sign in (or up) and brought back here.
/// </summary>
[Authorize]
public sealed class JoinModel(ArenaDb db, TimeProvider clock) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public string? Code { get; set; }

    /// <summary>None (no code given), unknown, revoked, expired, member (already in the group) or active.</summary>
    public string Outcome { get; private set; } = "none";
    public StudyGroup? Group { get; private set; }
    public DateTime? At { get; private set; }
    public GroupRole? MyRole { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellation)
    {
        var code = Code?.Trim();
        if (string.IsNullOrEmpty(code)) return;
        var invite = await db.GroupInvites.AsNoTracking().Include(i => i.Group).FirstOrDefaultAsync(i => i.Code == code, cancellation);
        if (invite is null)
        {
            Answer("unknown", StatusCodes.Status404NotFound);
            return;
        }
        var userId = User.UserId()!.Value;
        MyRole = await db.GroupMembers.Where(m => m.GroupId == invite.GroupId && m.UserId == userId).Select(m => (GroupRole?)m.Role).FirstOrDefaultAsync(cancellation);
        // Like the API: a member following the link again is simply in the group, whatever became of the code since.
        if (MyRole is not null)
        {
            Group = invite.Group;
            Outcome = "member";
            return;
        }
        switch (GroupInvitesApi.StateOf(invite, clock.GetUtcNow().UtcDateTime))
        {
            case "revoked":
                At = invite.RevokedAt;
                Answer("revoked", StatusCodes.Status410Gone);
                break;
            case "expired":
                At = invite.ExpiresAt;
                Answer("expired", StatusCodes.Status410Gone);
                break;
            default:
                // Whoever holds a working code may join, so naming the group tells them nothing they could not learn.
                Group = invite.Group;
                Outcome = "active";
                break;
        }
    }

    /// <summary>This page explains the status itself, so the generic error page must not replace it.</summary>
    void Answer(string outcome, int status)
    {
        Outcome = outcome;
        Response.StatusCode = status;
        if (HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }
}

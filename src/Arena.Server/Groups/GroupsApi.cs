using System.Text.Json;
using System.Text.RegularExpressions;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Competitions;
using Arena.Server.Operations;
using Arena.Server.Tracks;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Groups;

/// <summary>
/// Study groups: anyone signed in creates one and owns it; members join with an invite code. A group's competitions
/// are seen by its members only (<see cref="CompetitionAccess.VisibleTo"/>).
/// </summary>
public static partial class GroupsApi
{
    public static void MapGroups(this IEndpointRouteBuilder app)
    {
        // Every route needs a signed-in caller, but no policy: an outsider must get 404 from the handler, not 403.
        var groups = app.MapGroup("/api/groups").RequireAuthorization();
        groups.MapPost("/", CreateAsync);
        groups.MapGet("/", ListAsync);
        groups.MapGet("/{slug}", GetAsync);
        groups.MapGet("/{slug}/audit", AuditAsync);
        groups.MapGroupMembers();
        groups.MapGroupInvites();
        groups.MapTracks();
    }

    /// <summary>Slugs whose /groups/{slug} address is taken by a page (the join page).</summary>
    static readonly HashSet<string> ReservedSlugs = ["join"];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,63}$")]
    private static partial Regex SlugPattern();

    static async Task<IResult> CreateAsync(CreateGroupRequest request, HttpContext http, ArenaDb db, TimeProvider clock,
        ILoggerFactory logs, CancellationToken cancellation)
    {
        var slug = request.Slug ?? "";
        var name = request.Name?.Trim() ?? "";
        var problems = new Dictionary<string, string[]>();
        if (!SlugPattern().IsMatch(slug))
            problems["slug"] = ["A slug is 3 to 64 lowercase letters, digits and hyphens, and starts with a letter or a digit."];
        else if (ReservedSlugs.Contains(slug))
            problems["slug"] = [$"'{slug}' is reserved: /groups/{slug} is a page of its own."];
        if (name.Length == 0) problems["name"] = ["A name is required."];
        else if (name.Length > 200) problems["name"] = ["A name is at most 200 characters."];
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        if (await db.Groups.AnyAsync(g => g.Slug == slug, cancellation)) return Taken(slug);

        var userId = http.User.UserId()!.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var group = new StudyGroup
        {
            Slug = slug,
            Name = name,
            OwnerId = userId,
            CreatedAt = now,
            Members = [new GroupMember { UserId = userId, Role = GroupRole.Owner, JoinedAt = now }],
        };
        // The audit entry needs the group's id, so the group and its entry are saved in two steps of one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        db.Groups.Add(group);
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateException)
        {
            // Another request took the slug between the check and the insert.
            return Taken(slug);
        }
        db.Record(clock, "group-created", userId, groupId: group.Id, details: new { slug, name });
        await db.SaveChangesAsync(cancellation);
        await transaction.CommitAsync(cancellation);
        logs.CreateLogger(typeof(GroupsApi)).LogInformation("Group {Group} created", slug);
        return TypedResults.Created($"/api/groups/{slug}", new GroupCreated(slug));
    }

    static IResult Taken(string slug) => Problems.Conflict($"The slug '{slug}' is taken.");

    /// <summary>The groups the caller belongs to; an admin sees other groups through their slugs, not in this list.</summary>
    static async Task<IResult> ListAsync(HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        var userId = http.User.UserId()!.Value;
        var rows = await db.GroupMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Groups, m => m.GroupId, g => g.Id, (m, g) => new { g.Slug, g.Name, m.Role })
            .OrderBy(x => x.Slug)
            .ToListAsync(cancellation);
        return TypedResults.Ok(rows.Select(x => new GroupSummary(x.Slug, x.Name, x.Role)).ToList());
    }

    static async Task<IResult> GetAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        var group = standing.Group;
        var owner = await db.Users.Where(u => u.Id == group.OwnerId).Select(u => u.UserName).FirstOrDefaultAsync(cancellation);
        var members = await db.GroupMembers.CountAsync(m => m.GroupId == group.Id, cancellation);
        var competitions = await db.Competitions.AsNoTracking().VisibleTo(db, await Viewer.ForAsync(http))
            .Where(c => c.GroupId == group.Id)
            .OrderBy(c => c.Slug)
            .Select(c => new GroupCompetition(c.Slug, c.Title))
            .ToListAsync(cancellation);
        return TypedResults.Ok(new GroupDetails(group.Slug, group.Name, owner, group.CreatedAt, standing.Role, members, competitions));
    }

    /// <summary>Newest first, for the group's owner and organizers (and admins).</summary>
    static async Task<IResult> AuditAsync(string slug, HttpContext http, ArenaDb db, CancellationToken cancellation)
    {
        if (await db.FindGroupAsync(http, slug, cancellation) is not { } standing) return TypedResults.NotFound();
        if (!standing.Runs) return GroupAccess.OnlyOrganizers();
        var entries = await db.AuditLog.AsNoTracking().Where(a => a.GroupId == standing.Group.Id)
            .OrderByDescending(a => a.Id)
            .Select(a => new { a.Id, a.At, a.Action, a.Details, Actor = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.UserName).FirstOrDefault() })
            .ToListAsync(cancellation);
        return TypedResults.Ok(entries.Select(a => new AuditView(a.Id, a.At, a.Action, a.Actor, JsonDocument.Parse(a.Details).RootElement.Clone())).ToList());
    }
}

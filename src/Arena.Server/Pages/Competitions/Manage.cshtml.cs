using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Competitions;
using Arena.Server.Drafts;
using Arena.Server.Files;
using Arena.Server.References;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Competitions;

public sealed record ParticipantLine(string UserName, int Submissions, string? Sanction, string? Reason);

public sealed record AuditLine(DateTime At, string Action, string? Actor, string Details);

/// <summary>
/// The Manage tab, for the competition's organizers only: a draft's pre-publish report with Publish and Delete, or a
/// published competition's settings, deadline, reveal, rescore, sanctions and extra submissions; reference rows and
/// the audit log for both. Every change goes through the JSON API (organize-manage.js), which validates and audits it.
/// </summary>
[Authorize]
public sealed class ManageModel(ArenaDb db, TimeProvider clock, IFileStore files) : CompetitionPage(db, clock)
{
    const int AuditLines = 200, DetailsLength = 300;

    public override CompetitionTab Tab => CompetitionTab.Manage;

    public bool IsDraft => Competition.State == CompetitionState.Draft;
    public bool Revealed => Competition.IsPrivateRevealedAt(Now);
    public CheckReport? Report { get; private set; }
    public List<ParticipantLine> Participants { get; private set; } = [];
    public List<ReferenceView> References { get; private set; } = [];
    public List<AuditLine> Audit { get; private set; } = [];

    /// <summary>The competition's human-baseline study as its organizers see it through the API; null without one.</summary>
    public Humans.StudyView? HumanStudy { get; private set; }

    /// <summary>A rescore still running when the page was opened, so that its progress is followed again.</summary>
    public int? RunningRescore { get; private set; }

    public string Api => $"/api/competitions/{Uri.EscapeDataString(Competition.Slug)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        if (!Organizes) return StatusCode(StatusCodes.Status403Forbidden);
        var id = Competition.Id;
        if (IsDraft)
        {
            // Computed afresh, as the publish route does: the report reads the stored files, not an earlier answer.
            var tracked = await Db.Competitions.FirstAsync(c => c.Id == id, cancellation);
            Report = await DraftsApi.ReportAsync(Db, tracked, files, cancellation);
        }
        else
        {
            Participants = await ParticipantsAsync(id, cancellation);
            RunningRescore = await Db.RescoreRuns.AsNoTracking().Where(r => r.CompetitionId == id && r.FinishedAt == null)
                .Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellation);
        }
        var rows = await Db.ReferenceRows.AsNoTracking().Where(r => r.CompetitionId == id).OrderBy(r => r.Id).ToListAsync(cancellation);
        References = rows.Select(ReferenceRequests.View).ToList();
        if (await Db.HumanStudies.AsNoTracking().FirstOrDefaultAsync(s => s.CompetitionId == id, cancellation) is { } study)
            HumanStudy = Humans.StudyView.Of(new Humans.StudyContext(Competition, study, IsOrganizer: true), await Humans.StudyRecord.LoadAsync(Db, study, cancellation), Now);
        var entries = await Db.AuditLog.AsNoTracking().Where(a => a.CompetitionId == id).OrderByDescending(a => a.Id).Take(AuditLines)
            .Select(a => new { a.At, a.Action, a.Details, Actor = Db.Users.Where(u => u.Id == a.ActorId).Select(u => u.UserName).FirstOrDefault() })
            .ToListAsync(cancellation);
        Audit = entries.Select(a => new AuditLine(a.At, a.Action, a.Actor,
            a.Details.Length > DetailsLength ? a.Details[..DetailsLength] + "…" : a.Details)).ToList();
        return Page();
    }

    /// <summary>Everyone who submitted, and anyone sanctioned, with the sanction's reason.</summary>
    async Task<List<ParticipantLine>> ParticipantsAsync(int id, CancellationToken cancellation)
    {
        var counts = await Db.Submissions.AsNoTracking().Where(s => s.CompetitionId == id).GroupBy(s => s.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() }).ToListAsync(cancellation);
        var sanctions = await Db.ParticipantSanctions.AsNoTracking().Where(p => p.CompetitionId == id).ToListAsync(cancellation);
        var userIds = counts.Select(c => c.UserId).Union(sanctions.Select(s => s.UserId)).ToList();
        var names = await Db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "", cancellation);
        return userIds.Select(userId =>
        {
            var sanction = sanctions.FirstOrDefault(s => s.UserId == userId);
            return new ParticipantLine(names.GetValueOrDefault(userId, "?"), counts.FirstOrDefault(c => c.UserId == userId)?.Count ?? 0,
                sanction?.Kind.ToString().ToLowerInvariant(), sanction?.Reason);
        }).OrderBy(p => p.UserName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The value a datetime-local input shows for a UTC time: the page labels it UTC and the script sends it with a Z.</summary>
    public static string LocalInput(DateTime? utc) =>
        utc is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "";
}

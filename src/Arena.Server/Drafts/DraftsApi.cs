using System.Globalization;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Bundles;
using Arena.Server.Closing;
using Arena.Server.Competitions;
using Arena.Server.Files;
using Arena.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Drafts;

/// <summary>The report as the API shows it: the verdicts first, then every finding.</summary>
public sealed record CheckReportView(bool HasErrors, bool HasWarnings, IReadOnlyList<CheckItem> Items)
{
    public static CheckReportView From(CheckReport report) => new(report.HasErrors, report.HasWarnings, report.Items);
}

public sealed record Published(string Slug, string State);

/// <summary>
/// A draft's organizers read its pre-publish report, publish it once the report has no errors, or delete it. A draft
/// is fixed by deleting it and uploading the bundle again; its files are never edited in place.
/// </summary>
public static class DraftsApi
{
    public static void MapDrafts(this IEndpointRouteBuilder app)
    {
        app.MapDraftUpload();
        app.MapGet("/api/competitions/{slug}/checks", ChecksAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        app.MapPost("/api/competitions/{slug}/publish", PublishAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
        app.MapDelete("/api/competitions/{slug}", DeleteAsync).RequireAuthorization(AccountsSetup.OrganizerPolicy);
    }

    static async Task<IResult> ChecksAsync(string slug, HttpContext http, ArenaDb db, IFileStore files, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        return TypedResults.Ok(CheckReportView.From(await ReportAsync(db, competition, files, cancellation)));
    }

    /// <summary>
    /// The report is computed again at publish time rather than trusted from an earlier read. The state changes only
    /// from Draft, in the same transaction as its audit entry, so two publishes at once publish once.
    /// </summary>
    static async Task<IResult> PublishAsync(string slug, HttpContext http, ArenaDb db, IFileStore files, ClosingSchedule closing,
        TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        if (competition.State == CompetitionState.Published) return AlreadyPublished();
        var report = await ReportAsync(db, competition, files, cancellation);
        if (report.HasErrors)
        {
            return Problems.Conflict("The pre-publish report has errors: delete the draft, fix the bundle and upload it again.",
                new() { ["report"] = CheckReportView.From(report) });
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellation))
        {
            var changed = await db.Competitions.Where(c => c.Id == competition.Id && c.State == CompetitionState.Draft)
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.State, CompetitionState.Published), cancellation);
            if (changed == 0) return AlreadyPublished();
            // Organizers try their draft with real uploads; those trials must not sit on the leaderboard participants
            // race on, so they are hidden (and still readable by whoever made them, with this reason).
            var trials = await db.Submissions.Where(s => s.CompetitionId == competition.Id && s.Sanction == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Sanction, SanctionKind.Hidden)
                    .SetProperty(x => x.SanctionReason, "A trial submission made while the competition was a draft."), cancellation);
            db.Record(clock, "competition-published", http.User.UserId(), competition.Id, competition.GroupId,
                new { competition.Slug, warnings = report.Items.Count(i => i.Severity == CheckSeverity.Warning), hiddenTrialSubmissions = trials });
            await db.SaveChangesAsync(cancellation);
            await transaction.CommitAsync(cancellation);
        }
        competition.State = CompetitionState.Published;
        closing.Schedule(competition);
        return TypedResults.Ok(new Published(competition.Slug, "published"));
    }

    /// <summary>Only a draft can go: once published, participants' submissions and scores depend on it.</summary>
    static async Task<IResult> DeleteAsync(string slug, HttpContext http, ArenaDb db, IFileStore files, TimeProvider clock, CancellationToken cancellation)
    {
        var (competition, refusal) = await db.FindToOrganizeAsync(http, slug, cancellation);
        if (competition is null) return refusal!;
        if (competition.State != CompetitionState.Draft) return Problems.Conflict("A published competition cannot be deleted.");

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellation))
        {
            // Files, reference rows and the organizers' trial submissions go with it (cascading foreign keys).
            var deleted = await db.Competitions.Where(c => c.Id == competition.Id && c.State == CompetitionState.Draft).ExecuteDeleteAsync(cancellation);
            if (deleted == 0) return Problems.Conflict("A published competition cannot be deleted.");
            db.Record(clock, "competition-deleted", http.User.UserId(), competition.Id, competition.GroupId, new { competition.Slug, competition.Title });
            await db.SaveChangesAsync(cancellation);
            await transaction.CommitAsync(cancellation);
        }
        await files.DeleteFolderAsync(competition.StorageFolder, CancellationToken.None);
        await files.DeleteFolderAsync(FileKeys.Combine("submissions", competition.Id.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
        return TypedResults.NoContent();
    }

    /// <summary>The report for a tracked competition; the manage page shows the same one the publish route checks.</summary>
    internal static async Task<CheckReport> ReportAsync(ArenaDb db, Competition competition, IFileStore files, CancellationToken cancellation)
    {
        await db.Entry(competition).Collection(c => c.Files).LoadAsync(cancellation);
        await db.Entry(competition).Collection(c => c.References).LoadAsync(cancellation);
        CheckInput input;
        try
        {
            input = await CheckInput.FromCompetitionAsync(competition, files, cancellation);
        }
        catch (BundleException e)
        {
            return new CheckReport([CheckItem.Error(CheckCodes.Solution, e.Message)]);
        }
        return PrePublishChecks.Run(input, cancellation);
    }

    static IResult AlreadyPublished() => Problems.Conflict("The competition is already published.");
}

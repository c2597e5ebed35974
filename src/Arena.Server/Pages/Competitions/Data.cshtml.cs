using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Scoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Pages.Competitions;

/// <summary>The competition's public files, and the header a submission must have.</summary>
public sealed class DataModel(ArenaDb db, TimeProvider clock, SolutionCache solutions, ILogger<DataModel> log) : CompetitionPage(db, clock)
{
    public override CompetitionTab Tab => CompetitionTab.Data;

    public List<CompetitionFile> Files { get; private set; } = [];

    /// <summary>The submission header (id column first); null when the solution cannot be read.</summary>
    public IReadOnlyList<string>? SubmissionColumns { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellation)
    {
        if (!await LoadAsync(cancellation)) return NotFound();
        Files = await Db.CompetitionFiles.AsNoTracking().Where(f => f.CompetitionId == Competition.Id).OrderBy(f => f.Name).ToListAsync(cancellation);
        try
        {
            // The header is what every participant must send anyway (validation names missing columns); the parsed
            // solution is cached, as the validate route already does on web nodes.
            SubmissionColumns = (await solutions.GetAsync(Competition, cancellation)).SubmissionColumns;
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not read the submission columns of {Slug}", Competition.Slug);
        }
        return Page();
    }

    public string DownloadUrl(CompetitionFile file) => $"/api/competitions/{Uri.EscapeDataString(Competition.Slug)}/files/{Uri.EscapeDataString(file.Name)}";
}

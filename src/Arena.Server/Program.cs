using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Bundles;
using Arena.Server.Closing;
using Arena.Server.Competitions;
using Arena.Server.Configuration;
using Arena.Server.Drafts;
using Arena.Server.Groups;
using Arena.Server.Leaderboards;
using Arena.Server.Operations;
using Arena.Server.References;
using Arena.Server.Running;
using Arena.Server.Scoring;
using Arena.Server.Submissions;
using Arena.Server.Web;

// The pages' static files travel with the build output (see the project file): `dotnet run` starts in the caller's
// folder, where no wwwroot is.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
var options = builder.AddArenaConfiguration();
builder.AddArenaDatabase(options);
builder.AddAccounts();
builder.AddScoring(options);
builder.AddLeaderboards(options);
builder.AddBundles();
builder.AddClosing();
builder.AddRunning(options);
builder.AddOperations();
builder.AddWebPages();

var app = builder.Build();
if (args.Contains("migrate"))
{
    await app.MigrateDatabaseAsync();
    return;
}

app.UseOperations();
app.UseWebPages();
app.UseAuthentication();
app.UseCookieForgeryGuard();
app.UseAuthorization();
app.MapAccounts();
app.MapPersonalTokens();
app.MapCompetitions();
app.MapDrafts();
app.MapSubmissions();
app.MapSelectionsAndLimits();
app.MapLeaderboards();
app.MapLeaderboardExport();
app.MapAdmin();
app.MapReferences();
app.MapClosing();
app.MapRunning();
app.MapAudit();
app.MapGroups();
app.MapScoringDashboard();
app.MapHealth();
app.MapWebPages();

await app.PrepareAsync(options);
app.ScheduleClosingSweep();
await app.RunAsync();

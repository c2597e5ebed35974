using Arena.Server.Accounts;
using Arena.Server.Audit;
using Arena.Server.Bundles;
using Arena.Server.Closing;
using Arena.Server.Competitions;
using Arena.Server.Configuration;
using Arena.Server.Drafts;
using Arena.Server.Files;
using Arena.Server.Groups;
using Arena.Server.Humans;
using Arena.Server.Leaderboards;
using Arena.Server.Operations;
using Arena.Server.References;
using Arena.Server.Running;
using Arena.Server.Scoring;
using Arena.Server.Submissions;
using Arena.Server.Web;

// appsettings.json and wwwroot travel with the binaries; `dotnet run` starts in the caller's folder, where neither is.
// (Relative data and competitions folders still resolve against the caller's folder.)
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var options = builder.AddArenaConfiguration();
builder.AddArenaDatabase(options);
builder.AddFileStore(options);
builder.AddAccounts();
builder.AddScoring(options);
builder.AddLeaderboards(options);
builder.AddBundles();
builder.AddClosing(options);
builder.AddRunning(options);
builder.AddHumanStudies();
builder.AddOperations();
// A worker serves no pages, so it skips their services (Razor, anti-forgery).
if (options.RunsWeb) builder.AddWebPages();

var app = builder.Build();
if (args.Contains("migrate"))
{
    await app.MigrateDatabaseAsync();
    return;
}

// Every role is this one executable (one image, one migration path, one set of settings): Arena__Roles picks what a
// process does. A worker answers only /health/live and /health/ready, for its orchestrator; every other path is a 404.
app.UseOperations();
app.UseScoring();
if (options.RunsWeb)
{
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
    app.MapHumanStudies();
    app.MapScoringDashboard();
    app.MapWebPages();
}
app.MapHealth();

await app.PrepareAsync(options);
await app.RunAsync();

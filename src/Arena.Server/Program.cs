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

var builder = WebApplication.CreateBuilder(args);
var options = builder.AddArenaConfiguration();
builder.AddArenaDatabase(options);
builder.AddAccounts();
builder.AddScoring(options);
builder.AddLeaderboards(options);
builder.AddBundles();
builder.AddClosing();
builder.AddRunning(options);
builder.AddOperations();

var app = builder.Build();
if (args.Contains("migrate"))
{
    await app.MigrateDatabaseAsync();
    return;
}

app.UseOperations();
app.UseAuthentication();
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

await app.PrepareAsync(options);
app.ScheduleClosingSweep();
await app.RunAsync();

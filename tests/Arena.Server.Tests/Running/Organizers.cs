using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Scoring.Metrics;
using Arena.Scoring.Reading;
using Arena.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Running;

/// <summary>
/// Set-up shared by the running tests. There are no group routes yet, so study groups are written to the database
/// directly: a group organizer passes the organizer policy but runs only the group's competitions.
/// </summary>
static class Organizers
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Makes <paramref name="userName"/> an organizer of a new group that owns <paramref name="competition"/>, which only the group's members see.</summary>
    public static async Task GiveGroupCompetitionAsync(ArenaApp app, string userName, string group, string competition)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(Cancellation);
        var studyGroup = new StudyGroup { Slug = group, Name = group, OwnerId = userId, CreatedAt = DateTime.UtcNow };
        studyGroup.Members.Add(new GroupMember { UserId = userId, Role = GroupRole.Organizer, JoinedAt = DateTime.UtcNow });
        db.Groups.Add(studyGroup);
        await db.SaveChangesAsync(Cancellation);
        await db.Competitions.Where(c => c.Slug == competition)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.GroupId, studyGroup.Id).SetProperty(x => x.Visibility, CompetitionVisibility.Group), Cancellation);
    }

    public static async Task<JsonArray> AuditAsync(HttpClient organizer, string slug) =>
        (await organizer.GetFromJsonAsync<JsonArray>($"/api/competitions/{slug}/audit", Cancellation))!;

    public static async Task<List<JsonObject>> LeaderboardRowsAsync(ArenaApp app, string slug)
    {
        var board = await app.CreateClient().GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}/leaderboard", Cancellation);
        return [.. board!["rows"]!.AsArray().Select(r => r!.AsObject())];
    }

    public static bool Ranks(this List<JsonObject> rows, string displayName) =>
        rows.Any(r => r["displayName"]!.GetValue<string>() == displayName && r["rank"] is not null);

    /// <summary>Scores a file of the binary bundles with Arena.Scoring directly, independent of the server.</summary>
    public static ScoreResult BinaryScore(string csv)
    {
        var truth = "id,target,Usage\n" + string.Concat(Enumerable.Range(1, TestBundles.BinaryRows)
            .Select(id => $"{id},{TestBundles.Label(id)},{TestBundles.Usage(id)}\n"));
        var solution = Solution.Load(CsvInput.FromText(truth), MetricSettings.Defaults(MetricCatalog.Find("auc")));
        return Scorer.Score(solution, CsvInput.FromText(csv)).Result!;
    }
}

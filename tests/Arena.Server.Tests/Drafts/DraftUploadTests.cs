using System.Net;
using System.Text.Json.Nodes;
using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Drafts;

/// <summary>What the upload route refuses, and who may upload where.</summary>
public sealed class DraftUploadTests(DraftServers servers) : IClassFixture<DraftServers>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Bad_and_unsafe_bundles_are_refused_naming_the_problem(Provider provider)
    {
        var (app, _, organizer) = await servers.For(provider);
        var iris = DraftZips.BundleWithSlug("iris", "iris-clash");
        Assert.Equal(HttpStatusCode.Created, (await organizer.UploadBundleAsync(DraftZips.Zip(iris))).StatusCode);

        await RefusedAsync(organizer, DraftZips.Zip(iris), HttpStatusCode.Conflict, "'iris-clash' already exists");
        await RefusedAsync(organizer, DraftZips.Zip(DraftZips.BundleWithSlug("iris", null)), HttpStatusCode.BadRequest, "'slug'");
        await RefusedAsync(organizer, DraftZips.Zip(DraftZips.BundleWithSlug("iris", "Iris_Upper")), HttpStatusCode.BadRequest, "'slug'");
        await RefusedAsync(organizer, DraftZips.Text("id,label\n1,setosa\n"), HttpStatusCode.BadRequest, "not a zip");
        await RefusedAsync(organizer, DraftZips.Entries(("competition.yaml", DraftZips.Text("slug: evil\n")), ("../escaped.txt", DraftZips.Text("x"))),
            HttpStatusCode.BadRequest, "'../escaped.txt'");
        await RefusedAsync(organizer, DraftZips.Entries(("/tmp/absolute.txt", DraftZips.Text("x"))), HttpStatusCode.BadRequest, "'/tmp/absolute.txt'");
        await RefusedAsync(organizer, DraftZips.Entries([.. Enumerable.Range(0, 1001).Select(i => ($"data/{i}.csv", DraftZips.Text("id\n")))]),
            HttpStatusCode.BadRequest, "1001 entries");
        await RefusedAsync(organizer, DraftZips.Entries(("competition.yaml", DraftZips.Text("slug: bomb\n")), ("data/zeros.csv", new byte[DraftServers.ExtractedCap + 1])),
            HttpStatusCode.BadRequest, "expands to more than");
        await RefusedAsync(organizer, DraftZips.Entries(("data/train.csv", DraftZips.Text("id\n"))), HttpStatusCode.BadRequest, "no competition.yaml");

        var badYaml = DraftZips.BundleWithSlug("iris", "iris-bad-yaml");
        File.AppendAllText(Path.Combine(badYaml, "competition.yaml"), "finalSelections: [two\n");
        var yamlError = await RefusedAsync(organizer, DraftZips.Zip(badYaml), HttpStatusCode.BadRequest, "competition.yaml, line ");
        Assert.Matches(@"competition\.yaml, line \d+, column \d+: ", yamlError);
        var unknownMetric = DraftZips.BundleWithSlug("iris", "iris-unknown-metric");
        var yaml = Path.Combine(unknownMetric, "competition.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("metric: accuracy", "metric: telepathy", StringComparison.Ordinal));
        await RefusedAsync(organizer, DraftZips.Zip(unknownMetric), HttpStatusCode.BadRequest, "unknown metric 'telepathy'");
        var missingFile = DraftZips.BundleWithSlug("iris", "iris-missing-file");
        File.Delete(Path.Combine(missingFile, "data", "train.csv"));
        await RefusedAsync(organizer, DraftZips.Zip(missingFile), HttpStatusCode.BadRequest, "no file 'data/train.csv'");
        var badSolution = DraftZips.BundleWithSlug("iris", "iris-bad-solution");
        File.WriteAllText(Path.Combine(badSolution, "solution.csv"), "id,label,Usage\n1,setosa,Public\n1,setosa,Private\n");
        await RefusedAsync(organizer, DraftZips.Zip(badSolution), HttpStatusCode.BadRequest, "the id occurs more than once");

        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "escaped.txt")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(app.DataDirectory, "uploads")));
        // The clash's first upload keeps its storage folder; bundles refused after copying (a missing file, a bad solution) leave none.
        var stored = Directory.GetDirectories(Path.Combine(app.DataDirectory, "competitions", "uploaded")).Select(d => Path.GetFileName(d).Split('.')[0]).ToList();
        Assert.Single(stored, s => s == "iris-clash");
        Assert.DoesNotContain(stored, s => s is "iris-missing-file" or "iris-bad-solution");
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Group_owners_upload_into_their_group_and_others_are_refused(Provider provider)
    {
        var (app, _, organizer) = await servers.For(provider);
        var participant = await app.SignUpAsync("upload-participant");
        var owner = await app.SignUpAsync("group-owner");
        var member = await app.SignUpAsync("group-member");
        var outsider = await app.SignUpAsync("group-outsider");
        await CreateGroupAsync(app, "statistics-101", "group-owner", "group-member");
        var zip = DraftZips.Zip(DraftZips.BundleWithSlug("iris", "iris-group"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().UploadBundleAsync(zip)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.UploadBundleAsync(zip)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.UploadBundleAsync(zip, "statistics-101")).StatusCode);
        // Group owners may organize, but a public competition is for admins and the organizers they name.
        await RefusedAsync(owner, zip, HttpStatusCode.Forbidden, "public competitions");
        await RefusedAsync(organizer, zip, HttpStatusCode.NotFound, "'statistics-101'", group: "statistics-101");
        await RefusedAsync(owner, zip, HttpStatusCode.NotFound, "'no-such-group'", group: "no-such-group");

        var created = await owner.UploadBundleAsync(zip, "statistics-101");
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/competitions/iris-group/checks", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/api/competitions/iris-group", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await organizer.GetAsync("/api/competitions/iris-group", Cancellation)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync("/api/competitions/iris-group/publish", null, Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/competitions/iris-group", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync("/api/competitions/iris-group", Cancellation)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var stored = await db.Competitions.AsNoTracking().SingleAsync(c => c.Slug == "iris-group", Cancellation);
        var group = await db.Groups.AsNoTracking().SingleAsync(g => g.Slug == "statistics-101", Cancellation);
        Assert.Equal((CompetitionVisibility.Group, group.Id, group.OwnerId), (stored.Visibility, stored.GroupId, stored.CreatedById!.Value));
        Assert.Equal(["competition-created", "competition-published"],
            await db.AuditLog.AsNoTracking().Where(a => a.CompetitionId == stored.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Cancellation));
        Assert.All(await db.AuditLog.AsNoTracking().Where(a => a.CompetitionId == stored.Id).ToListAsync(Cancellation), a => Assert.Equal(group.Id, a.GroupId));
    }

    /// <summary>Asserts the status and that the problem's detail contains <paramref name="expected"/>; returns the detail.</summary>
    static async Task<string> RefusedAsync(HttpClient client, byte[] zip, HttpStatusCode status, string expected, string? group = null)
    {
        var response = await client.UploadBundleAsync(zip, group);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        var detail = JsonNode.Parse(text)!["detail"]!.GetValue<string>();
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        return detail;
    }

    /// <summary>
    /// The group routes (POST /api/groups) are built on another branch, so the rows are written directly: the owner
    /// as the group's owner and a member, and one plain member.
    /// </summary>
    static async Task CreateGroupAsync(ArenaApp app, string slug, string ownerName, string memberName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var owner = await db.Users.SingleAsync(u => u.UserName == ownerName, Cancellation);
        var member = await db.Users.SingleAsync(u => u.UserName == memberName, Cancellation);
        db.Groups.Add(new StudyGroup
        {
            Slug = slug, Name = slug, OwnerId = owner.Id, CreatedAt = DateTime.UtcNow,
            Members =
            [
                new GroupMember { UserId = owner.Id, Role = GroupRole.Owner, JoinedAt = DateTime.UtcNow },
                new GroupMember { UserId = member.Id, Role = GroupRole.Member, JoinedAt = DateTime.UtcNow },
            ],
        });
        await db.SaveChangesAsync(Cancellation);
    }
}

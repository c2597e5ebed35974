using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Arena.Server.Tests.Groups;

/// <summary>What tests do with groups: create one, make an invite, join with it.</summary>
public static class GroupSteps
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task CreateGroupAsync(this HttpClient owner, string slug, string name = "Study group")
    {
        var created = await owner.PostAsJsonAsync("/api/groups", new { slug, name }, Cancellation);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
    }

    /// <summary>A new invite's code, asserting 201.</summary>
    public static async Task<string> InviteAsync(this HttpClient organizer, string slug, DateTimeOffset? expiresAt = null)
    {
        var response = await organizer.PostAsJsonAsync($"/api/groups/{slug}/invites", new { expiresAt }, Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["code"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> JoinAsync(this HttpClient user, string code) =>
        user.PostAsJsonAsync("/api/groups/join", new { code }, Cancellation);

    /// <summary>Joins, asserting 200, and returns the role the server answered with.</summary>
    public static async Task<string> JoinedAsync(this HttpClient user, string code)
    {
        var response = await user.JoinAsync(code);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["role"]!.GetValue<string>();
    }

    /// <summary>
    /// Puts an imported competition in a group straight in the database: uploading a group competition is the
    /// upload route's business and is tested with it; here only what its members and others see matters.
    /// </summary>
    public static async Task AttachToGroupAsync(this ArenaApp app, string competition, string group)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var groupId = await db.Groups.Where(g => g.Slug == group).Select(g => g.Id).SingleAsync(Cancellation);
        var updated = await db.Competitions.Where(c => c.Slug == competition)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.GroupId, groupId).SetProperty(x => x.Visibility, CompetitionVisibility.Group), Cancellation);
        Assert.Equal(1, updated);
    }

    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
}

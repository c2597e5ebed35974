using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;

namespace Arena.Server.Tests.Tracks;

/// <summary>What tests do with replication tracks: a group with an owner and a member, a track, its papers.</summary>
public static class TrackSteps
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The group <paramref name="group"/> owned by <paramref name="owner"/>, with each of <paramref name="members"/> joined.</summary>
    public static async Task GroupWithMembersAsync(this HttpClient owner, string group, params HttpClient[] members)
    {
        await owner.CreateGroupAsync(group);
        var code = await owner.InviteAsync(group);
        foreach (var member in members) Assert.Equal("member", await member.JoinedAsync(code));
    }

    public static async Task CreateTrackAsync(this HttpClient organizer, string group, string track, string name = "Replicate the classics")
    {
        var created = await organizer.PostAsJsonAsync($"/api/groups/{group}/tracks", new { slug = track, name, description = "Papers, in order." }, Cancellation);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
    }

    public static Task<HttpResponseMessage> AddPaperAsync(this HttpClient organizer, string group, string track, object paper) =>
        organizer.PostAsJsonAsync($"/api/groups/{group}/tracks/{track}/papers", paper, Cancellation);

    /// <summary>Adds a paper, asserting 201, and returns its id.</summary>
    public static async Task<int> AddedPaperAsync(this HttpClient organizer, string group, string track, string competition, double reported, double tolerance)
    {
        var response = await organizer.AddPaperAsync(group, track, new { competition, citation = $"Doe et al. on {competition}", reportedScore = reported, tolerance });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["id"]!.GetValue<int>();
    }

    /// <summary>A problem's status and the fields its <c>errors</c> name.</summary>
    public static async Task AssertFieldsAsync(this HttpResponseMessage response, params string[] fields)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        var errors = (await response.ProblemAsync())["errors"]!.AsObject();
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The binary bundle (Public ids 1–6, Private 7–18): right on Public and wrong on Private, so AUC 1 in public and
    /// 0 in private.
    /// </summary>
    public static string PublicStar() => TestBundles.BinarySubmission(value: id => (id <= 6 ? TestBundles.Label(id) : 1 - TestBundles.Label(id)).ToString(CultureInfo.InvariantCulture));

    /// <summary>0.5 on Public (AUC 0.5); on Private every pair ordered but one (positive 7 below negative 8): AUC 35/36.</summary>
    public static string Steady() => TestBundles.BinarySubmission(value: id => id switch
    {
        <= 6 => "0.5",
        7 => "0.3",
        8 => "0.5",
        _ => TestBundles.Label(id) == 1 ? "0.9" : "0.1",
    });

    public const double SteadyPrivate = 35.0 / 36;
}

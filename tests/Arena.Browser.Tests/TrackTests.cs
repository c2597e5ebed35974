using System.Net.Http.Headers;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Tracks;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

/// <summary>A replication track in the browser: an organizer builds it, the members-by-papers table fills from real scores.</summary>
public sealed class TrackTests(WebSite site) : IClassFixture<WebSite>
{
    [Fact]
    public async Task An_organizer_builds_a_track_and_the_table_shows_each_members_status()
    {
        await using var owner = await site.OpenAsync();
        await owner.SignUpAsync("t1-owner");
        var ownerApi = site.App.CreateClient();
        ownerApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await site.App.TokenAsync("t1-owner"));
        var member = await site.App.SignUpAsync("t1-member");
        await ownerApi.GroupWithMembersAsync("replicators", member);
        await site.App.AttachToGroupAsync("binary", "replicators");
        await site.App.AttachToGroupAsync("labels", "replicators");
        await member.WaitForResultAsync(await member.SubmitAcceptedAsync("binary", TrackSteps.PublicStar()));

        await owner.Page.GotoAsync("/groups/replicators");
        await Assertions.Expect(owner.Page.GetByTestId("no-tracks")).ToBeVisibleAsync();
        await owner.Page.GetByText("Create a track").ClickAsync();
        await owner.Page.GetByLabel("Slug").FillAsync("classics");
        await owner.Page.GetByLabel("Track name").FillAsync("Replicate the classics");
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Create track" }).ClickAsync();
        await owner.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/groups/replicators/tracks/classics");
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Heading, new() { Name = "Replicate the classics" })).ToBeVisibleAsync();

        await AddPaperAsync(owner.Page, "binary", "Doe et al. (2020)", "1", "0.03");
        await AddPaperAsync(owner.Page, "labels", "Roe (2021)", "0.8", "0.1");
        var papers = owner.Page.GetByTestId("track-papers").Locator("tbody tr");
        await Assertions.Expect(papers).ToHaveCountAsync(2);
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Move paper 1 down" }).ClickAsync();
        await Assertions.Expect(papers.First).ToContainTextAsync("Roe (2021)");

        var table = owner.Page.GetByTestId("track-table");
        var memberRow = table.Locator("tr[data-member=t1-member]");
        await Assertions.Expect(memberRow.Locator("td").Nth(0)).ToContainTextAsync("not started");
        await Assertions.Expect(memberRow.Locator("td").Nth(1)).ToContainTextAsync("provisional");
        await Assertions.Expect(memberRow.Locator("td").Nth(1)).ToContainTextAsync("1 public");
        await Assertions.Expect(table.Locator("tr[data-member=t1-owner] td").Nth(1)).ToContainTextAsync("not started");
        await owner.ScreenshotAsync("track-table");

        await memberRow.GetByRole(AriaRole.Link, new() { Name = "t1-member" }).ClickAsync();
        await owner.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/groups/replicators/tracks/classics/members/t1-member");
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Heading, new() { Name = "Progress of t1-member" })).ToBeVisibleAsync();
        await Assertions.Expect(owner.Page.GetByTestId("next-paper")).ToContainTextAsync("Roe (2021)");
        owner.AssertNoConsoleErrors();

        await using var reader = await site.OpenAsync(phone: true);
        await reader.SignInAsync("t1-member");
        await reader.Page.GotoAsync("/groups/replicators/tracks/classics");
        await Assertions.Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Name = "Add a paper" })).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Page.GetByTestId("track-table").Locator("tr[data-member=t1-member] td").Nth(1)).ToContainTextAsync("provisional");
        await reader.Page.GetByRole(AriaRole.Link, new() { Name = "Your progress" }).ClickAsync();
        await Assertions.Expect(reader.Page.GetByTestId("progress-summary")).ToContainTextAsync("0 of 2 papers replicated, 1 provisionally");
        await reader.ScreenshotAsync("track-progress-phone");
        // Another member's progress is for the organizers: a plain member is sent to the access-denied page.
        await reader.Page.GotoAsync("/groups/replicators/tracks/classics/members/t1-owner");
        Assert.Equal("/account/denied", new Uri(reader.Page.Url).AbsolutePath);
        reader.AssertNoConsoleErrors();
    }

    static async Task AddPaperAsync(IPage page, string competition, string citation, string reported, string tolerance)
    {
        await page.GetByLabel("Competition").SelectOptionAsync(competition);
        await page.GetByLabel("Citation").FillAsync(citation);
        await page.GetByLabel("Reported score").FillAsync(reported);
        await page.GetByLabel("Tolerance").FillAsync(tolerance);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add paper" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("track-papers")).ToContainTextAsync(citation);
    }
}

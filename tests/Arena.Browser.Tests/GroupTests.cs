using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

public sealed partial class GroupTests(WebSite site) : IClassFixture<WebSite>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [GeneratedRegex("/groups/join\\?code=[A-Za-z0-9_-]{22}$")]
    private static partial Regex InviteLink();

    [Fact]
    public async Task A_group_competition_is_not_visible_to_an_outsider()
    {
        await using var owner = await site.OpenAsync();
        await owner.SignUpAsync("g1-owner");
        await owner.Page.GotoAsync("/groups");
        await Assertions.Expect(owner.Page.GetByTestId("no-groups")).ToBeVisibleAsync();
        await owner.Page.GetByLabel("Slug").FillAsync("ml-study");
        await owner.Page.GetByLabel("Name").FillAsync("ML study group");
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await owner.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/groups/ml-study");
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Heading, new() { Name = "ML study group" })).ToBeVisibleAsync();
        await Assertions.Expect(owner.Page.GetByTestId("my-role")).ToHaveTextAsync("owner");

        await site.App.AttachToGroupAsync("labels", "ml-study");

        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Create invite link" }).ClickAsync();
        var linkBox = owner.Page.GetByTestId("invite-link");
        await Assertions.Expect(linkBox).ToHaveValueAsync(InviteLink());
        var link = await linkBox.InputValueAsync();
        Assert.StartsWith(site.Address.ToString().TrimEnd('/') + "/groups/join?code=", link, StringComparison.Ordinal);
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).First.ClickAsync();
        await Assertions.Expect(owner.Page.Locator("[data-copy-status=new-invite-link]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(owner.Page.GetByTestId("group-invites").Locator("tbody tr")).ToHaveCountAsync(1);
        await owner.Page.ReloadAsync();
        await Assertions.Expect(owner.Page.GetByTestId("group-invites").GetByText("active")).ToBeVisibleAsync();
        await owner.ScreenshotAsync("group-owner");

        await using var member = await site.OpenAsync();
        await member.SignUpAsync("g1-member");
        await member.Page.GotoAsync(link);
        await Assertions.Expect(member.Page.GetByTestId("join-outcome")).ToContainTextAsync("ML study group");
        await member.ScreenshotAsync("group-join");
        await member.Page.GetByRole(AriaRole.Button, new() { Name = "Join ML study group" }).ClickAsync();
        await member.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/groups/ml-study");
        await Assertions.Expect(member.Page.GetByTestId("my-role")).ToHaveTextAsync("member");
        await Assertions.Expect(member.Page.GetByTestId("group-competitions").GetByRole(AriaRole.Link, new() { Name = "Labels", Exact = true })).ToHaveAttributeAsync("href", "/c/labels");
        await Assertions.Expect(member.Page.GetByTestId("group-members").Locator("tr[data-member]")).ToHaveCountAsync(2);
        // A plain member neither manages invites nor removes anyone.
        await Assertions.Expect(member.Page.GetByRole(AriaRole.Heading, new() { Name = "Invites" })).ToHaveCountAsync(0);
        await Assertions.Expect(member.Page.GetByRole(AriaRole.Button, new() { Name = "Remove g1-owner" })).ToHaveCountAsync(0);
        await member.ScreenshotAsync("group-member");
        await member.Page.GotoAsync("/");
        await Assertions.Expect(member.Page.GetByTestId("competition-list").GetByRole(AriaRole.Link, new() { Name = "Labels", Exact = true })).ToBeVisibleAsync();
        await member.Page.GotoAsync("/groups");
        await Assertions.Expect(member.Page.GetByTestId("my-groups")).ToContainTextAsync("ML study group");
        await Assertions.Expect(member.Page.GetByTestId("my-groups").Locator("tbody tr td.num").Nth(1)).ToHaveTextAsync("1");
        await member.ScreenshotAsync("groups-list");

        await using var outsider = await site.OpenAsync();
        await outsider.SignUpAsync("g1-outsider");
        await Assertions.Expect(outsider.Page.GetByTestId("competition-list").GetByRole(AriaRole.Link, new() { Name = "Test binary", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(outsider.Page.GetByTestId("competition-list").GetByRole(AriaRole.Link, new() { Name = "Labels", Exact = true })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/c/labels", "/c/labels/leaderboard", "/groups/ml-study" })
        {
            var response = await outsider.Page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await Assertions.Expect(outsider.Page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        }
        await outsider.Page.GotoAsync("/groups");
        await Assertions.Expect(outsider.Page.GetByTestId("no-groups")).ToBeVisibleAsync();

        owner.AssertNoConsoleErrors();
        member.AssertNoConsoleErrors();
        outsider.AssertNoConsoleErrorsExcept(404);
    }

    [Fact]
    public async Task Creating_a_group_shows_the_problems_next_to_their_fields()
    {
        var taken = await site.App.SignUpAsync("g2-other");
        await taken.CreateGroupAsync("taken-slug");
        await using var visitor = await site.OpenAsync(phone: true);
        await visitor.SignUpAsync("g2-owner");
        await visitor.Page.GotoAsync("/groups");
        await visitor.Page.GetByLabel("Slug").FillAsync("No Spaces");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("#group-slug-error")).ToContainTextAsync("lowercase letters");
        await Assertions.Expect(visitor.Page.Locator("#group-name-error")).ToContainTextAsync("A name is required");
        await Assertions.Expect(visitor.Page.GetByLabel("Slug")).ToHaveAttributeAsync("aria-invalid", "true");

        await visitor.Page.GetByLabel("Slug").FillAsync("taken-slug");
        await visitor.Page.GetByLabel("Name").FillAsync("Mine");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        await Assertions.Expect(visitor.Page.Locator("#group-slug-error")).ToContainTextAsync("is taken");
        await Assertions.Expect(visitor.Page.Locator("#group-name-error")).ToBeHiddenAsync();
        Assert.False(await visitor.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "The page is wider than a phone screen.");
        await visitor.ScreenshotAsync("groups-create-problems-phone");
        visitor.AssertNoConsoleErrorsExcept(400, 409);
    }

    [Fact]
    public async Task A_newcomer_following_an_invite_link_signs_up_and_comes_back_to_join()
    {
        var owner = await site.App.SignUpAsync("g3-owner");
        await owner.CreateGroupAsync("newcomers", "Newcomers welcome");
        var code = await owner.InviteAsync("newcomers");

        await using var newcomer = await site.OpenAsync();
        await newcomer.Page.GotoAsync($"/groups/join?code={code}");
        await newcomer.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/signin");
        await Assertions.Expect(newcomer.Page.GetByText("to accept the study group's invite")).ToBeVisibleAsync();
        await newcomer.ScreenshotAsync("sign-in-for-invite");
        await newcomer.Page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await newcomer.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/signup");
        await newcomer.Page.GetByLabel("User name").FillAsync("g3-newcomer");
        await newcomer.Page.GetByLabel("Email").FillAsync("g3-newcomer@example.org");
        await newcomer.Page.GetByLabel("Password").FillAsync(Visitor.Password);
        await newcomer.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await newcomer.Page.WaitForURLAsync(url => new Uri(url).PathAndQuery == $"/groups/join?code={code}");
        await newcomer.Page.GetByRole(AriaRole.Button, new() { Name = "Join Newcomers welcome" }).ClickAsync();
        await newcomer.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/groups/newcomers");
        await Assertions.Expect(newcomer.Page.GetByTestId("group-members")).ToContainTextAsync("g3-newcomer");

        // Following the link again says so instead of failing.
        await newcomer.Page.GotoAsync($"/groups/join?code={code}");
        await Assertions.Expect(newcomer.Page.GetByTestId("join-outcome")).ToContainTextAsync("You are already in Newcomers welcome, as member");

        // A returning visitor signs in instead and is brought back the same way.
        await site.App.SignUpAsync("g3-returning");
        await using var returning = await site.OpenAsync();
        await returning.Page.GotoAsync($"/groups/join?code={code}");
        await returning.Page.GetByLabel("User name").FillAsync("g3-returning");
        await returning.Page.GetByLabel("Password").FillAsync(Visitor.Password);
        await returning.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await returning.Page.WaitForURLAsync(url => new Uri(url).PathAndQuery == $"/groups/join?code={code}");
        await Assertions.Expect(returning.Page.GetByRole(AriaRole.Button, new() { Name = "Join Newcomers welcome" })).ToBeVisibleAsync();

        newcomer.AssertNoConsoleErrors();
        returning.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_revoked_or_unknown_invite_says_why_it_does_not_work()
    {
        var ownerApi = await site.App.SignUpAsync("g4-owner");
        await ownerApi.CreateGroupAsync("revokers", "Revokers");
        var code = await ownerApi.InviteAsync("revokers");

        await using var owner = await site.OpenAsync();
        await owner.SignInAsync("g4-owner");
        await owner.Page.GotoAsync("/groups/revokers");
        var invites = owner.Page.GetByTestId("group-invites");
        await Assertions.Expect(invites.Locator("input")).ToHaveValueAsync(new Regex(Regex.Escape(code) + "$"));
        await invites.GetByRole(AriaRole.Button, new() { Name = "Revoke invite link 1" }).ClickAsync();
        await Assertions.Expect(invites.GetByText("revoked")).ToBeVisibleAsync();
        await Assertions.Expect(invites.GetByRole(AriaRole.Button, new() { Name = "Revoke invite link 1" })).ToHaveCountAsync(0);

        await using var visitor = await site.OpenAsync();
        await visitor.SignUpAsync("g4-late");
        var gone = await visitor.Page.GotoAsync($"/groups/join?code={code}");
        Assert.Equal(410, gone!.Status);
        await Assertions.Expect(visitor.Page.GetByTestId("join-outcome")).ToContainTextAsync("This invite was revoked");
        await Assertions.Expect(visitor.Page.GetByTestId("join-outcome")).Not.ToContainTextAsync("Revokers");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Join Revokers" })).ToHaveCountAsync(0);
        await visitor.ScreenshotAsync("group-join-revoked");

        var unknown = await visitor.Page.GotoAsync("/groups/join?code=no-such-code");
        Assert.Equal(404, unknown!.Status);
        await Assertions.Expect(visitor.Page.GetByTestId("join-outcome")).ToContainTextAsync("No invite has this code");

        // Typed by hand, the same codes are refused with the API's reason.
        await visitor.Page.GetByLabel("Invite code").FillAsync(code);
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Join with this code" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "revoked" })).ToBeVisibleAsync();
        await visitor.Page.GetByLabel("Invite code").FillAsync("still-not-a-code");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Join with this code" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "No invite has this code" })).ToBeVisibleAsync();
        Assert.Equal(404, (await visitor.Page.APIRequest.GetAsync("/api/groups/revokers")).Status);

        owner.AssertNoConsoleErrors();
        visitor.AssertNoConsoleErrorsExcept(404, 410);
    }

    [Fact]
    public async Task A_code_typed_by_hand_joins_and_pasting_the_whole_link_works_too()
    {
        var owner = await site.App.SignUpAsync("g5-owner");
        await owner.CreateGroupAsync("by-hand", "By hand");
        var code = await owner.InviteAsync("by-hand");

        await using var visitor = await site.OpenAsync(phone: true);
        await visitor.SignUpAsync("g5-member");
        await visitor.Page.GotoAsync("/groups/join");
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Enter an invite code" })).ToBeVisibleAsync();
        await visitor.ScreenshotAsync("group-join-by-hand-phone");
        await visitor.Page.GetByLabel("Invite code").FillAsync($"  {site.Address.ToString().TrimEnd('/')}/groups/join?code={code} ");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Join with this code" }).ClickAsync();
        await visitor.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/groups/by-hand");
        await Assertions.Expect(visitor.Page.GetByTestId("my-role")).ToHaveTextAsync("member");
        visitor.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_owner_names_an_organizer_and_removes_a_member_and_a_member_leaves()
    {
        var ownerApi = await site.App.SignUpAsync("g6-owner");
        await ownerApi.CreateGroupAsync("crew", "Crew");
        var code = await ownerApi.InviteAsync("crew");
        var ada = await site.App.SignUpAsync("g6-ada");
        var bob = await site.App.SignUpAsync("g6-bob");
        var cy = await site.App.SignUpAsync("g6-cy");
        foreach (var member in new[] { ada, bob, cy }) Assert.Equal("member", await member.JoinedAsync(code));

        await using var owner = await site.OpenAsync();
        await owner.SignInAsync("g6-owner");
        await owner.Page.GotoAsync("/groups/crew");
        var members = owner.Page.GetByTestId("group-members");
        await Assertions.Expect(members.Locator("tr[data-member]")).ToHaveCountAsync(4);
        // The owner's own row offers nothing: the owner can be neither removed nor demoted.
        await Assertions.Expect(members.Locator("tr[data-member=g6-owner] button")).ToHaveCountAsync(0);
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Make organizer: g6-ada" }).ClickAsync();
        await Assertions.Expect(members.Locator("tr[data-member=g6-ada] .role")).ToHaveTextAsync("organizer");
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Button, new() { Name = "Make member: g6-ada" })).ToBeVisibleAsync();
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Remove g6-bob" }).ClickAsync();
        await Assertions.Expect(members.Locator("tr[data-member=g6-bob]")).ToHaveCountAsync(0);
        await Assertions.Expect(members.Locator("tr[data-member]")).ToHaveCountAsync(3);
        await owner.ScreenshotAsync("group-members-managed");
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/api/groups/crew", Cancellation)).StatusCode);

        // The new organizer may remove plain members but not other organizers; they see the invites.
        await using var organizer = await site.OpenAsync();
        await organizer.SignInAsync("g6-ada");
        await organizer.Page.GotoAsync("/groups/crew");
        await Assertions.Expect(organizer.Page.GetByRole(AriaRole.Heading, new() { Name = "Invites" })).ToBeVisibleAsync();
        await Assertions.Expect(organizer.Page.GetByRole(AriaRole.Button, new() { Name = "Remove g6-cy" })).ToBeVisibleAsync();
        await Assertions.Expect(organizer.Page.GetByRole(AriaRole.Button, new() { Name = "Remove g6-owner" })).ToHaveCountAsync(0);
        await Assertions.Expect(organizer.Page.GetByRole(AriaRole.Button, new() { Name = "Make member: g6-ada" })).ToHaveCountAsync(0);

        await using var leaver = await site.OpenAsync(phone: true);
        await leaver.SignInAsync("g6-cy");
        await leaver.Page.GotoAsync("/groups/crew");
        await leaver.Page.GetByText("Leave Crew…").ClickAsync();
        await leaver.ScreenshotAsync("group-leave-phone");
        Assert.False(await leaver.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "The page is wider than a phone screen.");
        await leaver.Page.GetByRole(AriaRole.Button, new() { Name = "Yes, leave the group" }).ClickAsync();
        await leaver.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/groups");
        await Assertions.Expect(leaver.Page.GetByTestId("no-groups")).ToBeVisibleAsync();

        var left = await ownerApi.GetFromJsonAsync<JsonArray>("/api/groups/crew/members", Cancellation);
        Assert.Equal(["g6-owner", "g6-ada"], left!.Select(m => m!["userName"]!.GetValue<string>()));
        Assert.Equal("organizer", left![1]!["role"]!.GetValue<string>());

        // The owner has no way to leave.
        await owner.Page.ReloadAsync();
        await Assertions.Expect(owner.Page.GetByRole(AriaRole.Button, new() { Name = "Yes, leave the group" })).ToHaveCountAsync(0);

        owner.AssertNoConsoleErrors();
        organizer.AssertNoConsoleErrors();
        leaver.AssertNoConsoleErrors();
    }
}

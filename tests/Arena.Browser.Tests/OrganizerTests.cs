using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Drafts;
using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

/// <summary>
/// /organize and the Manage tab, driven as an organizer named by the admin. Each test uploads its own copy of the iris
/// bundle, so its sanctions, rescores and reveals touch no competition another test reads.
/// </summary>
public sealed partial class OrganizerTests(WebSite site) : IClassFixture<WebSite>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_organizer_uploads_a_bundle_reads_its_report_and_publishes_it()
    {
        await using var organizer = await OrganizerAsync("org-publisher");
        var page = organizer.Page;
        await page.GotoAsync("/organize");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create a competition from a bundle" })).ToBeVisibleAsync();

        await page.GetByLabel("Bundle zip").SetInputFilesAsync(ZipPayload(IrisBundle("org-iris-published", "Organizer iris published")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/c/org-iris-published/manage");
        await Assertions.Expect(page.GetByTestId("competition-state")).ToHaveTextAsync("draft");
        var report = page.GetByTestId("check-report");
        await Assertions.Expect(report).ToContainTextAsync("usage-ratio");
        await Assertions.Expect(report).ToContainTextAsync("dry-run");
        await Assertions.Expect(page.GetByTestId("report-verdict")).Not.ToHaveClassAsync(new Regex(@"\berror\b"));
        await organizer.ScreenshotAsync("organize-draft-report");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "At a glance" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("competition-state")).ToHaveTextAsync("open");
        await Assertions.Expect(page.GetByTestId("audit-log")).ToContainTextAsync("competition-published");

        await page.GotoAsync("/organize");
        await Assertions.Expect(page.GetByTestId("organized-list").GetByRole(AriaRole.Link, new() { Name = "Organizer iris published" })).ToBeVisibleAsync();
        await organizer.ScreenshotAsync("organize");
        organizer.AssertNoConsoleErrors();

        await using var anonymous = await site.OpenAsync();
        await anonymous.Page.GotoAsync("/");
        await Assertions.Expect(anonymous.Page.GetByRole(AriaRole.Link, new() { Name = "Organizer iris published" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_group_owner_uploads_into_their_group_only()
    {
        await using var owner = await site.OpenAsync();
        await owner.SignUpAsync("org-group-owner");
        await (await BearerAsync("org-group-owner")).CreateGroupAsync("org-study", "Organizer study group");
        var page = owner.Page;
        await page.GotoAsync("/organize");
        var group = page.GetByLabel("Who may see it");
        // A group owner organizes, but public competitions are for admins and the organizers they name.
        await Assertions.Expect(group.Locator("option")).ToHaveTextAsync(["Members of Organizer study group"]);
        await page.GetByLabel("Bundle zip").SetInputFilesAsync(ZipPayload(IrisBundle("org-iris-group", "Organizer iris group")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/c/org-iris-group/manage");
        await Assertions.Expect(page.GetByText("Publishing shows the competition to the group's members")).ToBeVisibleAsync();
        owner.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_bundle_with_broken_yaml_is_refused_naming_the_line()
    {
        await using var organizer = await OrganizerAsync("org-broken-yaml");
        var page = organizer.Page;
        var bundle = IrisBundle("org-iris-broken", "Broken");
        File.AppendAllText(Path.Combine(bundle, "competition.yaml"), "finalSelections: [two\n");
        await page.GotoAsync("/organize");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("bundle-error")).ToHaveTextAsync("Choose a bundle zip first.");

        await page.GetByLabel("Bundle zip").SetInputFilesAsync(ZipPayload(bundle));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("bundle-error")).ToContainTextAsync(new Regex(@"competition\.yaml, line \d+, column \d+"));
        Assert.Equal("/organize", new Uri(page.Url).AbsolutePath);
        organizer.AssertNoConsoleErrorsExcept(400, 404, 409);
    }

    [Fact]
    public async Task A_draft_with_report_errors_cannot_be_published_and_can_be_deleted()
    {
        await using var organizer = await OrganizerAsync("org-deleter");
        var page = organizer.Page;
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        // Without a public sample submission the report has an error (participants copy its format).
        var bundle = IrisBundle("org-iris-flawed", "Flawed iris");
        var yaml = Path.Combine(bundle, "competition.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("  - data/sample_submission.csv\n", "", StringComparison.Ordinal));
        var client = await BearerAsync("org-deleter");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(client, bundle)).StatusCode);

        await page.GotoAsync("/c/org-iris-flawed/manage");
        await Assertions.Expect(page.GetByTestId("report-verdict")).ToHaveClassAsync(new Regex(@"\berror\b"));
        await Assertions.Expect(page.Locator("tr.check-error")).Not.ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "pre-publish report has errors" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("competition-state")).ToHaveTextAsync("draft");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete draft" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/organize");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/competitions/org-iris-flawed", Cancellation)).StatusCode);
        organizer.AssertNoConsoleErrorsExcept(400, 404, 409);
    }

    [Fact]
    public async Task An_organizer_runs_a_published_competition_from_the_manage_page()
    {
        const string slug = "org-iris-running";
        await using var organizer = await OrganizerAsync("org-runner");
        var client = await BearerAsync("org-runner");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(client, IrisBundle(slug, "Organizer iris running"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation)).StatusCode);
        var cheater = await site.App.SignUpAsync("org-cheater");
        var sample = File.ReadAllText(Path.Combine(DraftBundles.Folder("iris"), "data", "sample_submission.csv"));
        await cheater.WaitForResultAsync(await cheater.SubmitAcceptedAsync(slug, sample));
        Assert.Contains("org-cheater", await LeaderboardNamesAsync(slug));

        var page = organizer.Page;
        await page.GotoAsync($"/c/{slug}/manage");
        await Assertions.Expect(page.GetByTestId("participants")).ToContainTextAsync("org-cheater");

        // The deadline: the API's 400 for a past time, then a new one read as UTC.
        var deadline = page.GetByLabel("New deadline (UTC)");
        var setDeadline = page.GetByRole(AriaRole.Button, new() { Name = "Set the deadline" });
        await deadline.FillAsync("2020-01-01T10:00");
        await setDeadline.ClickAsync();
        await Assertions.Expect(FormOf(setDeadline).GetByRole(AriaRole.Alert)).ToContainTextAsync("'deadline' must be in the future");
        await deadline.FillAsync("2031-05-06T07:08");
        await setDeadline.ClickAsync();
        await Assertions.Expect(FormOf(setDeadline).GetByRole(AriaRole.Status)).ToContainTextAsync("The deadline is moved");
        await Assertions.Expect(page.GetByTestId("fact-deadline")).ToHaveTextAsync("2031-05-06 07:08 UTC");
        var details = (await client.GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}", Cancellation))!;
        Assert.Equal(new DateTime(2031, 5, 6, 7, 8, 0, DateTimeKind.Utc), details["deadline"]!.GetValue<DateTime>().ToUniversalTime());

        // Details: numbers go as numbers, and the facts follow.
        await page.GetByLabel("Title").FillAsync("Organizer iris, renamed");
        await page.GetByLabel("Daily submission limit").FillAsync("7");
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Save details" });
        await save.ClickAsync();
        await Assertions.Expect(FormOf(save).GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Assertions.Expect(page.GetByTestId("manage-facts")).ToContainTextAsync("7");
        details = (await client.GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}", Cancellation))!;
        Assert.Equal("Organizer iris, renamed", details["title"]!.GetValue<string>());
        await page.GetByLabel("Daily submission limit").FillAsync("5");
        await save.ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-log").GetByText("\"dailySubmissionLimit\":{\"old\":7,\"new\":5}", new() { Exact = false })).ToBeVisibleAsync();

        // Extra submissions: an unknown user is named back, a known one gets a higher limit for today.
        var extraUser = page.GetByLabel("User name").Nth(1);
        var grant = page.GetByRole(AriaRole.Button, new() { Name = "Grant" });
        await extraUser.FillAsync("nobody-by-that-name");
        await grant.ClickAsync();
        await Assertions.Expect(FormOf(grant).GetByRole(AriaRole.Alert)).ToContainTextAsync("No user 'nobody-by-that-name'");
        await extraUser.FillAsync("org-cheater");
        await page.GetByLabel("How many more").FillAsync("3");
        await grant.ClickAsync();
        await Assertions.Expect(FormOf(grant).GetByRole(AriaRole.Status)).ToContainTextAsync("org-cheater may submit 8 times");

        // Disqualify: a reason is required, then the participant leaves the leaderboard.
        var sanction = page.GetByRole(AriaRole.Button, new() { Name = "Apply the sanction" });
        await page.GetByLabel("User name").First.FillAsync("org-cheater");
        await page.GetByLabel("Sanction", new() { Exact = true }).SelectOptionAsync("disqualified");
        await sanction.ClickAsync();
        await Assertions.Expect(FormOf(sanction).GetByRole(AriaRole.Alert)).ToContainTextAsync("'reason' is required");
        await page.GetByLabel("Reason (the participant reads it)").FillAsync("Shared an account.");
        await sanction.ClickAsync();
        await Assertions.Expect(FormOf(sanction).GetByRole(AriaRole.Status)).ToContainTextAsync("org-cheater is now disqualified");
        await Assertions.Expect(page.GetByTestId("participants")).ToContainTextAsync("Shared an account.");
        Assert.DoesNotContain("org-cheater", await LeaderboardNamesAsync(slug));

        // Rescore: the progress bar fills and the status says it finished.
        await page.GetByRole(AriaRole.Button, new() { Name = "Rescore everything" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("rescore-status")).ToContainTextAsync(new Regex(@"Rescore finished: (\d+) of \1 rescored"), new() { Timeout = 60_000 });
        var progress = await page.GetByTestId("rescore-progress").EvaluateAsync<double[]>("p => [p.value, p.max]");
        Assert.Equal(progress[1], progress[0]);
        Assert.True(progress[1] >= 3, "one submission and two reference files were rescored");

        // A human reference row: the API wants its source.
        var addRow = page.GetByRole(AriaRole.Button, new() { Name = "Add the row" });
        await page.GetByLabel("Name", new() { Exact = true }).First.FillAsync("Botany students");
        await page.GetByLabel("Score", new() { Exact = true }).FillAsync("0.9");
        await page.GetByLabel("How many people (human rows)").FillAsync("12");
        await addRow.ClickAsync();
        await Assertions.Expect(FormOf(addRow).GetByRole(AriaRole.Alert)).ToContainTextAsync("needs a 'source'");
        await page.GetByLabel("Source or citation").FillAsync("Class exercise");
        await addRow.ClickAsync();
        await Assertions.Expect(FormOf(addRow).GetByRole(AriaRole.Status)).ToContainTextAsync("Added Botany students");
        var humanRow = page.GetByTestId("references").GetByRole(AriaRole.Row).Filter(new() { HasText = "Botany students" });
        await Assertions.Expect(humanRow).ToContainTextAsync("Class exercise");
        await Assertions.Expect(humanRow).ToContainTextAsync("12 people");
        var rows = (await client.GetFromJsonAsync<JsonArray>($"/api/competitions/{slug}/references", Cancellation))!;
        var human = rows.Single(r => r!["name"]!.GetValue<string>() == "Botany students")!;
        Assert.Equal(0.9, human["publicScore"]!.GetValue<double>());
        Assert.Equal(12, human["peopleCount"]!.GetValue<int>());

        // Reveal: a past time is refused, then the private leaderboard opens now.
        var reveal = page.GetByRole(AriaRole.Button, new() { Name = "Reveal", Exact = true });
        await page.GetByLabel("Reveal at (UTC, optional)").FillAsync("2020-01-01T00:00");
        await reveal.ClickAsync();
        await Assertions.Expect(FormOf(reveal).GetByRole(AriaRole.Alert)).ToContainTextAsync("'at' must be in the future");
        await page.GetByLabel("Reveal at (UTC, optional)").FillAsync("");
        await reveal.ClickAsync();
        await Assertions.Expect(FormOf(reveal).GetByRole(AriaRole.Status)).ToHaveTextAsync("The private leaderboard is revealed.");
        await Assertions.Expect(page.GetByTestId("fact-reveal")).ToContainTextAsync("revealed");
        Assert.Equal(HttpStatusCode.OK, (await site.App.CreateClient().GetAsync($"/api/competitions/{slug}/leaderboard?view=private", Cancellation)).StatusCode);

        // The CSV exports answer the browser's cookie.
        foreach (var view in new[] { "public", "private" })
        {
            var link = page.GetByRole(AriaRole.Link, new() { Name = $"{char.ToUpperInvariant(view[0])}{view[1..]} view" });
            var href = await link.GetAttributeAsync("href");
            var csv = await page.APIRequest.GetAsync(href!);
            Assert.Equal(200, csv.Status);
            Assert.Contains("Botany students", await csv.TextAsync(), StringComparison.Ordinal);
        }

        var audit = page.GetByTestId("audit-log");
        foreach (var action in new[] { "competition-edited", "extra-submissions-granted", "participant-sanctioned", "rescore-requested", "reference-added", "private-leaderboard-revealed" })
            await Assertions.Expect(audit).ToContainTextAsync(action);
        await organizer.ScreenshotAsync("manage-published");
        organizer.AssertNoConsoleErrorsExcept(400, 404, 409);
    }

    [Fact]
    public async Task The_baseline_trains_in_the_background_and_its_row_becomes_ready()
    {
        const string slug = "org-iris-baseline";
        await using var organizer = await OrganizerAsync("org-trainer");
        var client = await BearerAsync("org-trainer");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(client, IrisBundle(slug, "Organizer iris baseline"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation)).StatusCode);

        var page = organizer.Page;
        await page.GotoAsync($"/c/{slug}/manage");
        await page.GetByRole(AriaRole.Button, new() { Name = "Train the ML.NET baseline" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("baseline-status")).ToContainTextAsync("The ML.NET baseline is ready", new() { Timeout = 120_000 });
        var row = page.GetByTestId("references").GetByRole(AriaRole.Row).Filter(new() { HasText = "ML.NET baseline" });
        await Assertions.Expect(row).ToContainTextAsync("ready");
        organizer.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_organizer_pages_fit_a_phone_screen()
    {
        const string slug = "org-iris-phone";
        var client = await BearerAsync(await OrganizerAccountAsync("org-phone"));
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(client, IrisBundle(slug, "Organizer iris phone"))).StatusCode);
        await using var phone = await site.OpenAsync(phone: true);
        await phone.SignInAsync("org-phone");
        foreach (var path in new[] { "/organize", $"/c/{slug}/manage" })
        {
            await phone.Page.GotoAsync(path);
            await Assertions.Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            Assert.False(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), $"{path} is wider than a phone screen.");
        }
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/competitions/{slug}/publish", null, Cancellation)).StatusCode);
        await phone.Page.ReloadAsync();
        await Assertions.Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = "At a glance" })).ToBeVisibleAsync();
        Assert.False(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "The published manage page is wider than a phone screen.");
        await phone.ScreenshotAsync("manage-published-phone");
        phone.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Participants_get_a_forbidden_page_and_invisible_drafts_are_not_found()
    {
        var owner = await BearerAsync(await OrganizerAccountAsync("org-hider"));
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(owner, IrisBundle("org-iris-hidden", "Hidden draft"))).StatusCode);

        await using var participant = await site.OpenAsync();
        await participant.SignUpAsync("org-participant");
        var forbidden = await participant.Page.GotoAsync("/c/binary/manage");
        Assert.Equal(403, forbidden!.Status);
        await Assertions.Expect(participant.Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Assertions.Expect(participant.Page.GetByText("Rescore everything")).ToHaveCountAsync(0);
        Assert.Equal(404, (await participant.Page.GotoAsync("/c/org-iris-hidden/manage"))!.Status);
        Assert.Equal(403, (await participant.Page.GotoAsync("/organize"))!.Status);
        await Assertions.Expect(participant.Page.GetByRole(AriaRole.Link, new() { Name = "Organize" })).ToHaveCountAsync(0);

        await using var anonymous = await site.OpenAsync();
        await anonymous.Page.GotoAsync("/c/binary/manage");
        Assert.Equal("/account/signin", new Uri(anonymous.Page.Url).AbsolutePath);
    }

    /// <summary>A browser visitor signed up through the pages, then named organizer by the admin.</summary>
    async Task<Visitor> OrganizerAsync(string userName)
    {
        var visitor = await site.OpenAsync();
        await visitor.SignUpAsync(userName);
        var granted = await site.Admin.PostAsJsonAsync("/api/admin/organizers", new { userName }, Cancellation);
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync(Cancellation));
        return visitor;
    }

    /// <summary>An organizer account made through the API, for tests that sign in later.</summary>
    async Task<string> OrganizerAccountAsync(string userName)
    {
        await site.App.SignUpAsync(userName, Visitor.Password);
        var granted = await site.Admin.PostAsJsonAsync("/api/admin/organizers", new { userName }, Cancellation);
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync(Cancellation));
        return userName;
    }

    async Task<HttpClient> BearerAsync(string userName)
    {
        var client = site.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await site.App.TokenAsync(userName, Visitor.Password));
        return client;
    }

    async Task<List<string>> LeaderboardNamesAsync(string slug)
    {
        var board = (await site.App.CreateClient().GetFromJsonAsync<JsonObject>($"/api/competitions/{slug}/leaderboard", Cancellation))!;
        return board["rows"]!.AsArray().Select(r => r!["displayName"]!.GetValue<string>()).ToList();
    }

    /// <summary>A copy of the repository's iris bundle with its own slug and title.</summary>
    static string IrisBundle(string slug, string title)
    {
        var folder = DraftBundles.Copy("iris");
        var yaml = Path.Combine(folder, "competition.yaml");
        File.WriteAllText(yaml, $"slug: {slug}\n" + TitleLine().Replace(File.ReadAllText(yaml), $"title: \"{title}\"", 1));
        return folder;
    }

    static byte[] Zip(string folder)
    {
        using var memory = new MemoryStream();
        ZipFile.CreateFromDirectory(folder, memory);
        return memory.ToArray();
    }

    static FilePayload ZipPayload(string folder) => new() { Name = "bundle.zip", MimeType = "application/zip", Buffer = Zip(folder) };

    static Task<HttpResponseMessage> UploadAsync(HttpClient client, string folder)
    {
        var bundle = new ByteArrayContent(Zip(folder));
        bundle.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return client.PostAsync("/api/competitions", new MultipartFormDataContent { { bundle, "bundle", "bundle.zip" } }, Cancellation);
    }

    static ILocator FormOf(ILocator button) => button.Locator("xpath=ancestor::form[1]");

    [GeneratedRegex("^title: .*$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Arena.Contracts;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Arena.Server.Tests.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace Arena.Server.Tests.Accounts;

/// <summary>Personal tokens where roles and the hub are concerned.</summary>
public sealed partial class PersonalTokenTests
{
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task An_admins_token_passes_the_admin_policy_and_a_participants_does_not(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            var admin = await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            var adminScript = app.WithToken((await admin.CreateTokenAsync("admin script")).Secret());
            var adaScript = app.WithToken((await ada.CreateTokenAsync("ada's script")).Secret());

            var refused = await adaScript.PostAsJsonAsync("/api/admin/organizers", new { userName = "ada" }, Cancellation);
            var granted = await adminScript.PostAsJsonAsync("/api/admin/organizers", new { userName = "ada" }, Cancellation);

            Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK), (refused.StatusCode, granted.StatusCode));
            // The Hangfire dashboard checks the role claim itself, outside the authorization policies.
            Assert.Equal(HttpStatusCode.OK, (await adminScript.GetAsync("/hangfire", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await adaScript.GetAsync("/hangfire", Cancellation)).StatusCode);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    /// <summary>
    /// The connections send their tokens only in the query string, as a browser's WebSocket must. Ada's connection
    /// hears of her submission and Bob's does not, which holds only if each token signed its connection in.
    /// </summary>
    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_hub_takes_a_token_from_the_query_string_and_tells_its_owner_of_their_submission(Provider provider)
    {
        var app = await StartAsync(provider);
        try
        {
            await app.SignUpAsync("admin");
            var ada = await app.SignUpAsync("ada");
            var bob = await app.SignUpAsync("bob");
            var adas = (await ada.CreateTokenAsync("ada's browser")).Secret();
            var bobs = (await bob.CreateTokenAsync("bob's browser")).Secret();
            await using var adaConnection = await app.ConnectHubWithQueryTokenAsync(adas);
            await using var bobConnection = await app.ConnectHubWithQueryTokenAsync(bobs);
            var adaHears = new HubRecorder(adaConnection);
            var bobHears = new HubRecorder(bobConnection);
            var snapshot = await adaConnection.InvokeAsync<LeaderboardSnapshot>(nameof(ILeaderboardHub.Watch), "binary", Cancellation);
            Assert.Equal("binary", snapshot.Competition);

            var id = await app.WithToken(adas).SubmitAcceptedAsync("binary", TestBundles.BinarySubmission());
            var clock = Stopwatch.StartNew();
            while (!adaHears.UpdatesFor(id).Any(u => u.Status == "scored"))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no SubmissionUpdated 'scored' for {id}");
                await Task.Delay(20, Cancellation);
            }

            Assert.Empty(bobHears.RawUpdates);
            app.AssertNeverLogged(adas);
            app.AssertNeverLogged(bobs);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }
}

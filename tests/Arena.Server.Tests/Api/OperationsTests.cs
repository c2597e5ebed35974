using System.Net;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;

namespace Arena.Server.Tests.Api;

public sealed class OperationsTests(SharedApps apps) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Health_endpoints_answer_anonymously(Provider provider)
    {
        var client = (await apps.For(provider)).CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health/live", Cancellation));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready", Cancellation));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_Hangfire_dashboard_is_for_admins_only(Provider provider)
    {
        var app = await apps.For(provider);
        // Only this test registers users on this class's servers, so its first account is the admin.
        var admin = await app.SignUpAsync($"admin-{provider}");
        var participant = await app.SignUpAsync($"participant-{provider}");

        var anonymous = await app.CreateClient().GetAsync("/hangfire", Cancellation);
        var refused = await participant.GetAsync("/hangfire", Cancellation);
        var allowed = await admin.GetAsync("/hangfire", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}

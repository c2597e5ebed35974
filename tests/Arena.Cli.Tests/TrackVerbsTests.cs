using Arena.Server.Tests.Groups;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Arena.Server.Tests.Tracks;

namespace Arena.Cli.Tests;

/// <summary><c>arena groups tracks list|show|progress</c> against a server with a track and a scored submission.</summary>
public sealed class TrackVerbsTests(PostgresCluster cluster) : IAsyncDisposable
{
    readonly string _bundles = TestBundles.Create();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_bundles, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_member_lists_the_tracks_the_table_and_their_progress(Provider provider)
    {
        var app = await ArenaApp.StartAsync(provider, cluster, _bundles);
        try
        {
            await app.SignUpAsync("admin");
            using var teacher = new CliUser(app);
            var teacherApi = await teacher.SignUpAndLoginAsync("teacher");
            using var student = new CliUser(app);
            var studentApi = await student.SignUpAndLoginAsync("student");
            await teacherApi.GroupWithMembersAsync("cli-study", studentApi);
            await app.AttachToGroupAsync("binary", "cli-study");
            await teacherApi.CreateTrackAsync("cli-study", "classics", "The classics");
            await teacherApi.AddedPaperAsync("cli-study", "classics", "binary", 1.0, 0.03);
            await studentApi.WaitForResultAsync(await studentApi.SubmitAcceptedAsync("binary", TrackSteps.PublicStar()));

            var list = Ok(await student.RunAsync("groups", "tracks", "list", "cli-study")).Output.Split('\n');
            Assert.Matches("^classics +The classics +1$", list[2]);
            var table = Ok(await student.RunAsync("groups", "tracks", "show", "cli-study", "classics", "--csv")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("userName,replicated,next,1:binary", table[0]);
            Assert.Contains("student,0/1,binary,provisional 1", table);
            Assert.Contains("teacher,0/1,binary,not-started", table);
            var progress = Ok(await student.RunAsync("groups", "tracks", "progress", "cli-study", "classics")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches("^1 +binary +1 +0.03 +provisional +1 +public +Doe et al. on binary$", progress[2]);
            Assert.Equal("student: 0 of 1 replicated; next: 1. binary (reach 1 ± 0.03)", progress[^1]);
            var refused = await student.RunAsync("groups", "tracks", "progress", "cli-study", "classics", "--user", "teacher");
            Assert.Equal(1, refused.Exit);
            Assert.StartsWith("arena: forbidden: A member's progress", refused.Error, StringComparison.Ordinal);
            Assert.Equal(1, (await student.RunAsync("groups", "tracks", "show", "cli-study", "nothing")).Exit);
        }
        finally
        {
            await app.DeleteDataAsync();
        }
    }

    static CliResult Ok(CliResult result)
    {
        Assert.True(result.Exit == 0, result.ToString());
        return result;
    }
}

using Arena.Contracts;
using Arena.Data;
using Arena.Server.Submissions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.Leaderboards;

/// <summary>Tells watchers that a leaderboard or a submission changed, wherever they are connected.</summary>
public interface IChangeNotifier
{
    Task LeaderboardChangedAsync(int competitionId, CancellationToken cancellation);

    Task SubmissionChangedAsync(Guid submissionId, Guid userId, string competition, CancellationToken cancellation);

    /// <summary>A rescore run moved on; the web node reads the run and tells the competition's organizers.</summary>
    Task RescoreProgressAsync(int runId, int competitionId, CancellationToken cancellation);
}

/// <summary>The embedded default: worker and hub share the process, so changes go straight to the broadcaster.</summary>
public sealed class InProcessChangeNotifier(LeaderboardBroadcaster broadcaster, SubmissionPusher submissions, RescoreProgressPusher rescores) : IChangeNotifier
{
    public Task LeaderboardChangedAsync(int competitionId, CancellationToken cancellation)
    {
        broadcaster.MarkChanged(competitionId);
        return Task.CompletedTask;
    }

    public Task SubmissionChangedAsync(Guid submissionId, Guid userId, string competition, CancellationToken cancellation) =>
        submissions.PushAsync(submissionId, cancellation);

    public Task RescoreProgressAsync(int runId, int competitionId, CancellationToken cancellation) =>
        rescores.PushAsync(runId, cancellation);
}

/// <summary>Pushes a submission's status to its owner's connections; it reads the row, so the message never carries the private score.</summary>
public sealed class SubmissionPusher(IServiceScopeFactory scopes, IHubContext<LeaderboardHub, ILeaderboardClient> hub)
{
    public async Task PushAsync(Guid submissionId, CancellationToken cancellation)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        var row = await db.Submissions.AsNoTracking().Include(s => s.Competition).FirstOrDefaultAsync(s => s.Id == submissionId, cancellation);
        if (row is null) return;
        var competition = row.Competition!;
        // The score as the owner's own views show it: rounded, or with the Ladder on, the score it released.
        var ladder = competition.LadderStep is null ? null : SubmissionMapping.LadderOf(competition,
            await db.Submissions.AsNoTracking().Where(s => s.CompetitionId == competition.Id && s.UserId == row.UserId).ToListAsync(cancellation));
        var shown = SubmissionMapping.ToView(row, competition, privateRevealed: false, ladder);
        await hub.Clients.Group(LeaderboardHub.UserGroup(row.UserId))
            .SubmissionUpdated(new SubmissionUpdate(submissionId, competition.Slug, shown.Status, shown.PublicScore));
    }
}

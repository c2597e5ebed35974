using Arena.Data;
using Arena.Data.Entities;
using Arena.Server.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Hosting;

/// <summary>What the scoring tests do straight against a host: run one scoring job, read a submission's row.</summary>
public static class ScoringRows
{
    /// <summary>One run of the scoring job in its own scope (its own DbContext), as a Hangfire worker would run it.</summary>
    public static async Task RunScoringJobAsync(this ArenaApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScoreSubmissionJob>().RunAsync(id, TestContext.Current.CancellationToken);
    }

    public static async Task<Submission> SubmissionRowAsync(this ArenaApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArenaDb>().Submissions.AsNoTracking().SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken);
    }
}

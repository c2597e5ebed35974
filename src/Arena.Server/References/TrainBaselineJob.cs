using Arena.Data;
using Arena.Data.Entities;
using Arena.Scoring;
using Arena.Server.Baselines;
using Arena.Server.Competitions;
using Arena.Server.Configuration;
using Arena.Server.Files;
using Arena.Server.Leaderboards;
using Arena.Server.Scoring;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Arena.Server.References;

/// <summary>
/// Trains the ML.NET baseline of a competition on its train.csv, predicts test.csv and scores the predictions like a
/// submission, filling in a reference row that was created as "training". Reentrant: a row that is no longer
/// training (done, failed, deleted) is left alone, and the file is written under the row's own name.
/// </summary>
public sealed class TrainBaselineJob(ArenaDb db, SolutionCache solutions, DataPaths paths, IFileStore files, IChangeNotifier changes,
    ILogger<TrainBaselineJob> log)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(int referenceId, CancellationToken cancellation)
    {
        var reference = await db.ReferenceRows.FirstOrDefaultAsync(r => r.Id == referenceId && r.Status == ReferenceStatus.Training, cancellation);
        if (reference is null) return;
        var competition = await db.Competitions.AsNoTracking().Include(c => c.Files).FirstAsync(c => c.Id == reference.CompetitionId, cancellation);
        try
        {
            var solution = await solutions.GetAsync(competition, cancellation);
            var input = new BaselineInput(await PublicFileAsync(competition, "train", cancellation), await PublicFileAsync(competition, "test", cancellation),
                await PublicFileAsync(competition, "sample_submission", cancellation), solution.IdColumn, solution.Metric);
            var relative = $"private/references/mlnet-baseline-{reference.Id}.csv";
            var local = paths.NewUploadFile(".csv");
            try
            {
                var trained = await Task.Run(() => MlNetBaseline.Train(input, local, cancellation), cancellation);
                var outcome = Scorer.Score(solution, local, competition.MaxDecompressedBytes());
                if (outcome.Result is not { } result)
                    throw new BaselineException($"the baseline's predictions did not pass the submission checks: {string.Join("; ", outcome.Errors.Take(3))}");
                await files.MoveInAsync(FileKeys.Combine(competition.StorageFolder, relative), local, cancellation);
                (reference.File, reference.PublicScore, reference.PrivateScore, reference.ScorerVersion) = (relative, result.Public, result.Private, result.ScorerVersion);
                (reference.Status, reference.Source) = (ReferenceStatus.Ready, $"Trained by Arena on train.csv: {trained.Method}.");
            }
            finally
            {
                File.Delete(local);
            }
        }
        catch (BaselineException e)
        {
            // A property of the data, not a fault: final, and the organizer reads why.
            (reference.Status, reference.Note) = (ReferenceStatus.Failed, e.Message);
            log.LogWarning("The ML.NET baseline of {Competition} could not be trained: {Reason}", competition.Slug, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Final too: a retry would train the same data again. A solution error's message may quote hidden labels,
            // so neither the row nor the log gets it.
            (reference.Status, reference.Note) = (ReferenceStatus.Failed, "The baseline could not be trained because of a server error; see the server log.");
            if (e is Arena.Scoring.Reading.SolutionException) log.LogError("The ML.NET baseline of {Competition} failed: the solution cannot be loaded", competition.Slug);
            else log.LogError(e, "The ML.NET baseline of {Competition} failed", competition.Slug);
        }
        await db.Competitions.Where(c => c.Id == competition.Id)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.LeaderboardVersion, x => x.LeaderboardVersion + 1), cancellation);
        await db.SaveChangesAsync(cancellation);
        await changes.LeaderboardChangedAsync(competition.Id, cancellation);
    }

    /// <summary>A local copy of a public file by Kaggle's name (train.csv, test.csv, sample_submission.csv, or compressed).</summary>
    Task<string> PublicFileAsync(Competition competition, string stem, CancellationToken cancellation)
    {
        var file = competition.Files.FirstOrDefault(f => f.Name.StartsWith(stem + ".", StringComparison.OrdinalIgnoreCase))
            ?? throw new BaselineException($"the competition has no public {stem}.csv to train on");
        return files.GetLocalPathAsync(FileKeys.Combine(competition.StorageFolder, file.RelativePath), cancellation);
    }
}

using Arena.Data.Entities;
using Arena.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Arena.Server.Tests.Data;

/// <summary>The model and each provider's migrations against a real database of that provider.</summary>
public sealed class MigrationTests(PostgresCluster cluster)
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Migrations_apply_to_an_empty_database_and_create_every_table(Provider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cluster, Cancellation);
        await using var context = database.CreateContext();
        Assert.Empty(await context.Database.GetAppliedMigrationsAsync(Cancellation));

        await context.Database.MigrateAsync(Cancellation);

        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync(Cancellation));
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(Cancellation));
        // Reading every entity selects every mapped column, so a column the migrations lack fails here.
        Assert.Empty(await context.Competitions.ToListAsync(Cancellation));
        Assert.Empty(await context.CompetitionFiles.ToListAsync(Cancellation));
        Assert.Empty(await context.Submissions.ToListAsync(Cancellation));
        Assert.Empty(await context.SubmissionQuotas.ToListAsync(Cancellation));
        Assert.Empty(await context.ReferenceRows.ToListAsync(Cancellation));
        Assert.Empty(await context.DataProtectionKeys.ToListAsync(Cancellation));
        Assert.Empty(await context.Groups.ToListAsync(Cancellation));
        Assert.Empty(await context.GroupMembers.ToListAsync(Cancellation));
        Assert.Empty(await context.GroupInvites.ToListAsync(Cancellation));
        Assert.Empty(await context.ParticipantSanctions.ToListAsync(Cancellation));
        Assert.Empty(await context.AuditLog.ToListAsync(Cancellation));
        Assert.Empty(await context.RescoreRuns.ToListAsync(Cancellation));
        Assert.Empty(await context.SiteClaims.ToListAsync(Cancellation));
        Assert.Empty(await context.PersonalTokens.ToListAsync(Cancellation));
        Assert.Empty(await context.StoredFiles.ToListAsync(Cancellation));
        Assert.Empty(await context.StoredFileChunks.ToListAsync(Cancellation));
        Assert.Empty(await context.HumanStudies.ToListAsync(Cancellation));
        Assert.Empty(await context.HumanItems.ToListAsync(Cancellation));
        Assert.Empty(await context.HumanAnnotators.ToListAsync(Cancellation));
        Assert.Empty(await context.HumanAssignments.ToListAsync(Cancellation));
        Assert.Empty(await context.HumanAnswers.ToListAsync(Cancellation));
        Assert.Empty(await context.ReplicationTracks.ToListAsync(Cancellation));
        Assert.Empty(await context.TrackPapers.ToListAsync(Cancellation));
        Assert.Empty(await context.Users.ToListAsync(Cancellation));
        Assert.Empty(await context.Roles.ToListAsync(Cancellation));

        await context.Database.MigrateAsync(Cancellation);
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync(Cancellation));
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task The_model_has_no_changes_that_the_migrations_lack(Provider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cluster, Cancellation);
        await using var context = database.CreateContext();

        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {provider} model differs from its last migration's snapshot: add a migration for that provider.");
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_competition_a_submission_and_a_quota_read_back_as_written_with_utc_timestamps(Provider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, cluster, Cancellation);
        var submittedAt = new DateTime(2026, 11, 25, 19, 55, 23, 123, 456, DateTimeKind.Utc);
        var deadline = new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc);
        var day = DateOnly.FromDateTime(submittedAt);
        var user = NewUser();
        var submissionId = Guid.NewGuid();
        int competitionId;
        await using (var context = database.CreateContext())
        {
            var competition = NewCompetition("titanic");
            competition.MetricParameters = new() { ["eps"] = "1e-15", ["k"] = "10" };
            competition.Deadline = deadline;
            context.Users.Add(user);
            context.Submissions.Add(new Submission
            {
                Id = submissionId,
                Competition = competition,
                UserId = user.Id,
                FileName = "predictions.csv",
                StoredPath = "submissions/predictions.csv",
                SizeBytes = 1234,
                Status = SubmissionStatus.Scored,
                SubmittedAt = submittedAt,
                QuotaDay = day,
                // A local time is stored as the same instant in UTC.
                ScoringStartedAt = submittedAt.AddSeconds(1).ToLocalTime(),
                ScoredAt = submittedAt.AddSeconds(2),
                PublicScore = 0.123456789012345,
            });
            await context.SaveChangesAsync(Cancellation);
            competitionId = competition.Id;
            context.SubmissionQuotas.Add(new SubmissionQuota { CompetitionId = competitionId, UserId = user.Id, Day = day, Used = 1, Extra = 2 });
            await context.SaveChangesAsync(Cancellation);
        }

        await using (var context = database.CreateContext())
        {
            var competition = await context.Competitions.AsNoTracking().SingleAsync(c => c.Slug == "titanic", Cancellation);
            Assert.Equal(new Dictionary<string, string> { ["eps"] = "1e-15", ["k"] = "10" }, competition.MetricParameters);
            Assert.Equal(deadline, competition.Deadline);
            Assert.Equal(DateTimeKind.Utc, competition.Deadline!.Value.Kind);
            Assert.Null(competition.StartsAt);

            var submission = await context.Submissions.AsNoTracking().Include(s => s.Competition)
                .SingleAsync(s => s.Id == submissionId, Cancellation);
            Assert.Equal("titanic", submission.Competition!.Slug);
            Assert.Equal(SubmissionStatus.Scored, submission.Status);
            Assert.Equal(submittedAt, submission.SubmittedAt);
            Assert.Equal(DateTimeKind.Utc, submission.SubmittedAt.Kind);
            Assert.Equal(submittedAt.AddSeconds(1), submission.ScoringStartedAt);
            Assert.Equal(DateTimeKind.Utc, submission.ScoringStartedAt!.Value.Kind);
            Assert.Equal(DateTimeKind.Utc, submission.ScoredAt!.Value.Kind);
            Assert.Equal(day, submission.QuotaDay);
            Assert.Equal(0.123456789012345, submission.PublicScore);
            Assert.Null(submission.PrivateScore);

            var quota = await context.SubmissionQuotas.AsNoTracking().SingleAsync(Cancellation);
            Assert.Equal((competitionId, user.Id, day, 1, 2), (quota.CompetitionId, quota.UserId, quota.Day, quota.Used, quota.Extra));

            // Timestamps in a query's parameters are converted the same way.
            Assert.Equal(1, await context.Submissions.CountAsync(s => s.SubmittedAt == submittedAt, Cancellation));
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_second_competition_with_the_same_slug_is_rejected(Provider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, cluster, Cancellation);
        await using (var context = database.CreateContext())
        {
            context.Competitions.Add(NewCompetition("titanic"));
            await context.SaveChangesAsync(Cancellation);
        }

        await using (var context = database.CreateContext())
        {
            context.Competitions.Add(NewCompetition("titanic"));
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(Cancellation));

            switch (error.InnerException)
            {
                case SqliteException sqlite:
                    Assert.Equal(2067, sqlite.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_UNIQUE
                    break;
                case PostgresException postgres:
                    Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
                    Assert.Equal("IX_Competitions_Slug", postgres.ConstraintName);
                    break;
                default:
                    Assert.Fail($"Unexpected inner exception: {error.InnerException}");
                    break;
            }
        }

        await using (var context = database.CreateContext())
        {
            Assert.Equal(1, await context.Competitions.CountAsync(Cancellation));
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task A_conditional_quota_increment_lets_exactly_the_limit_through_under_concurrency(Provider provider)
    {
        const int Limit = 5;
        const int Attempts = 20;
        await using var database = await TestDatabase.CreateAsync(provider, cluster, Cancellation);
        var user = NewUser();
        var day = new DateOnly(2026, 11, 25);
        int competitionId;
        await using (var context = database.CreateContext())
        {
            var competition = NewCompetition("titanic");
            context.AddRange(user, competition);
            await context.SaveChangesAsync(Cancellation);
            competitionId = competition.Id;
            context.SubmissionQuotas.Add(new SubmissionQuota { CompetitionId = competitionId, UserId = user.Id, Day = day });
            await context.SaveChangesAsync(Cancellation);
        }

        // Every attempt opens its own connection first, then all are released at once.
        var opened = 0;
        var allOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<int> AttemptAsync()
        {
            await using var context = database.CreateContext();
            try
            {
                await context.Database.OpenConnectionAsync(Cancellation);
            }
            finally
            {
                if (Interlocked.Increment(ref opened) == Attempts) allOpened.SetResult();
            }
            await go.Task;
            return await context.SubmissionQuotas
                .Where(q => q.CompetitionId == competitionId && q.UserId == user.Id && q.Day == day && q.Used < Limit)
                .ExecuteUpdateAsync(set => set.SetProperty(q => q.Used, q => q.Used + 1), Cancellation);
        }
        var attempts = Enumerable.Range(0, Attempts).Select(_ => Task.Run(AttemptAsync, Cancellation)).ToArray();
        await allOpened.Task.WaitAsync(Cancellation);
        go.SetResult();
        var updated = await Task.WhenAll(attempts);

        Assert.Equal(Limit, updated.Count(rows => rows == 1));
        Assert.Equal(Attempts - Limit, updated.Count(rows => rows == 0));
        await using (var context = database.CreateContext())
        {
            Assert.Equal(Limit, (await context.SubmissionQuotas.SingleAsync(Cancellation)).Used);
        }
    }

    static ArenaUser NewUser() => new()
    {
        Id = Guid.NewGuid(),
        UserName = "ada",
        NormalizedUserName = "ADA",
        DisplayName = "Ada",
        CreatedAt = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    static Competition NewCompetition(string slug) => new()
    {
        Slug = slug,
        Title = "Titanic",
        Metric = "logloss",
        StorageFolder = $"competitions/{slug}",
        SolutionFile = "solution.csv",
        CreatedAt = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}

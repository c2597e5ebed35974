using System.Text.RegularExpressions;
using Arena.Cluster.Tests.Cluster;
using Arena.Server.Tests.Infrastructure;
using Npgsql;

namespace Arena.Load.Support;

/// <summary>
/// A scenario's own servers: a throwaway PostgreSQL, one database migrated by the server's <c>migrate</c>, and Arena
/// nodes as separate processes (the cluster tests' <see cref="LocalCluster"/>) importing <see cref="LoadBundles"/>.
/// Disposing it kills every node, drops the database, stops PostgreSQL and deletes the folders.
/// </summary>
public sealed partial class LoadStack : IAsyncDisposable
{
    readonly string _bundles;

    LoadStack(PostgresCluster postgres, LocalCluster cluster, string bundles)
    {
        Postgres = postgres;
        Cluster = cluster;
        _bundles = bundles;
    }

    public PostgresCluster Postgres { get; }
    public LocalCluster Cluster { get; }

    public static async Task<LoadStack> CreateAsync(CancellationToken cancellation)
    {
        var postgres = new PostgresCluster();
        var bundles = LoadBundles.Create();
        try
        {
            return new LoadStack(postgres, await LocalCluster.CreateAsync(postgres, cancellation), bundles);
        }
        catch
        {
            await postgres.DisposeAsync();
            Directory.Delete(bundles, recursive: true);
            throw;
        }
    }

    /// <summary>Starts a node (roles <c>web</c>, <c>worker</c> or <c>all</c>) on the load bundles and waits until it is ready.</summary>
    public Task<Node> StartAsync(string name, string roles, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["Arena__CompetitionsDirectory"] = _bundles };
        return Cluster.StartAsync(name, roles, environment);
    }

    /// <summary>Registers users <c>{prefix}1..{prefix}count</c> a few at a time (password hashing is the cost) and returns their tokens.</summary>
    public static async Task<string[]> SignUpAsync(Node web, string prefix, int count, CancellationToken cancellation)
    {
        var tokens = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation },
            async (i, _) => tokens[i] = await web.SignUpAsync($"{prefix}{i + 1}"));
        return tokens;
    }

    /// <summary>
    /// How many times each submission's score was written, counted from the nodes' logs: the scoring job logs
    /// "Submission {id} for {slug}: scored" once per execution that saved a score (a run that lost its claim logs
    /// "another worker took over" instead and writes nothing).
    /// </summary>
    public Dictionary<Guid, int> ScoreWrites()
    {
        var counts = new Dictionary<Guid, int>();
        foreach (var log in Cluster.Nodes.Select(n => n.LogFile).Distinct())
        {
            if (!File.Exists(log)) continue;
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                var match = ScoredLine().Match(line);
                if (match.Success) counts[Guid.Parse(match.Groups[1].Value)] = counts.GetValueOrDefault(Guid.Parse(match.Groups[1].Value)) + 1;
            }
        }
        return counts;
    }

    [GeneratedRegex(@"Submission ([0-9a-f-]{36}) for [^:]+: (?:scored|failed)")]
    private static partial Regex ScoredLine();

    /// <summary>Each submission of a competition with its status, scoring attempts (claims) and public score.</summary>
    public async Task<Dictionary<Guid, (string Status, int Attempts, double? Score)>> SubmissionsAsync(string slug, CancellationToken cancellation)
    {
        await using var command = Cluster.Database.CreateCommand("""
            SELECT s."Id", s."Status", s."ScoringAttempts", s."PublicScore" FROM "Submissions" s
            JOIN "Competitions" c ON c."Id" = s."CompetitionId" WHERE c."Slug" = @slug
            """);
        command.Parameters.AddWithValue("slug", slug);
        var rows = new Dictionary<Guid, (string, int, double?)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
            rows[reader.GetGuid(0)] = (reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetDouble(3));
        return rows;
    }

    /// <summary>The public leaderboard recomputed from the stored scores: each participant's best scored, on-time submission (AUC: higher is better).</summary>
    public async Task<Dictionary<string, double>> RecomputedLeaderboardAsync(string slug, CancellationToken cancellation)
    {
        await using var command = Cluster.Database.CreateCommand("""
            SELECT u."DisplayName", max(s."PublicScore") FROM "Submissions" s
            JOIN "Competitions" c ON c."Id" = s."CompetitionId" JOIN "AspNetUsers" u ON u."Id" = s."UserId"
            WHERE c."Slug" = @slug AND s."Status" = 'Scored' AND NOT s."IsLate" AND s."PublicScore" IS NOT NULL
            GROUP BY u."DisplayName"
            """);
        command.Parameters.AddWithValue("slug", slug);
        var rows = new Dictionary<string, double>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) rows[reader.GetString(0)] = reader.GetDouble(1);
        return rows;
    }

    /// <summary>PostgreSQL backends per application name (the nodes' names), to see a pool grow or leak.</summary>
    public async Task<Dictionary<string, int>> BackendsAsync(CancellationToken cancellation)
    {
        await using var command = Cluster.Database.CreateCommand(
            "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1");
        var rows = new Dictionary<string, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) rows[reader.GetString(0)] = (int)reader.GetInt64(1);
        return rows;
    }

    /// <summary>
    /// Daily-limit slots in use beyond the competition's submissions that keep theirs (all but failed ones, which give
    /// theirs back): slots taken by uploads that were refused and never given back.
    /// </summary>
    public async Task<long> QuotaSlotsHeldAsync(string slug, CancellationToken cancellation)
    {
        await using var command = Cluster.Database.CreateCommand("""
            SELECT coalesce((SELECT sum(q."Used") FROM "SubmissionQuotas" q JOIN "Competitions" c ON c."Id" = q."CompetitionId" WHERE c."Slug" = @slug), 0)
                 - (SELECT count(*) FROM "Submissions" s JOIN "Competitions" c ON c."Id" = s."CompetitionId" WHERE c."Slug" = @slug AND s."Status" <> 'Failed')
            """);
        command.Parameters.AddWithValue("slug", slug);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Hangfire.PostgreSql's lock rows with their age, to see a lock that outlived its holder.</summary>
    public async Task<List<string>> LockRowsAsync(CancellationToken cancellation)
    {
        await using var command = Cluster.Database.CreateCommand("SELECT resource, extract(epoch FROM now() - acquired) FROM hangfire.lock ORDER BY 2 DESC");
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) rows.Add($"{reader.GetString(0)} ({reader.GetDecimal(1):F0} s old)");
        return rows;
    }

    public string ConnectionString => Cluster.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.DisposeAsync();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Postgres.DisposeAsync();
            Directory.Delete(_bundles, recursive: true);
        }
    }
}

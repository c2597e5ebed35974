namespace Arena.Server.Configuration;

public enum DatabaseKind { Sqlite, Postgres }

public enum FileStoreKind { Filesystem, Postgres }

/// <summary>The <c>Arena</c> configuration section.</summary>
public sealed class ArenaOptions
{
    public const string Section = "Arena";

    /// <summary><c>sqlite</c> (the embedded default) or <c>postgres</c> (with <c>ConnectionStrings:Postgres</c>).</summary>
    public DatabaseKind Database { get; set; } = DatabaseKind.Sqlite;

    /// <summary>Holds the SQLite file, uploaded submissions and competition files; never served statically.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Where uploads and competition files are kept: <c>filesystem</c> (under <see cref="DataDirectory"/>, the default)
    /// or <c>postgres</c> (in the database, so that nodes with their own data folders all read them; needs
    /// <see cref="Database"/> postgres).
    /// </summary>
    public FileStoreKind FileStore { get; set; } = FileStoreKind.Filesystem;

    /// <summary><c>web</c>, <c>worker</c> or <c>all</c>.</summary>
    public string Roles { get; set; } = "all";

    /// <summary>Applies pending migrations at start; defaults to true for SQLite and false for PostgreSQL.</summary>
    public bool? MigrateOnStart { get; set; }

    public string CompetitionsDirectory { get; set; } = "competitions";

    /// <summary>A user name that becomes an admin when it registers, besides the first account on a fresh server.</summary>
    public string? AdminUserName { get; set; }
    public bool ImportCompetitions { get; set; } = true;

    /// <summary>
    /// A scoring claim not renewed for this long is considered abandoned by a crashed worker and is taken over. The job
    /// renews its claim every third of it (ClaimRenewal), so a long scoring keeps its claim and a killed worker's
    /// submission is scored again within the lease plus one sweep interval.
    /// </summary>
    public TimeSpan ScoringLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the sweep looks for submissions whose job was lost.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At most this many leaderboard pushes per second per competition; bursts are coalesced. 10 keeps the wait for a
    /// push under 100 ms (measured p50 of 244 ms at 4 a second when uploads follow one another).
    /// </summary>
    public double LeaderboardPushesPerSecond { get; set; } = 10;

    /// <summary>
    /// A human study's answers reach the leaderboard at most this often per competition (see HumanStudyPushes): each
    /// push after new answers reruns every participant's paired bootstrap, measured at 1.3 s for 50 participants on
    /// 400 items (tests/Arena.Benchmarks HumanComparisonBenchmarks), so 5 s keeps a busy study under a third of a core.
    /// </summary>
    public TimeSpan HumanStudyPushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest competition bundle (a zip) an organizer may upload, in bytes: 200 MB.</summary>
    public long MaxBundleBytes { get; set; } = 200L << 20;

    /// <summary>
    /// The most an uploaded bundle may expand to when extracted, in bytes: 2 GB, ten times the upload limit. CSV
    /// compresses about tenfold, so a real bundle fits; a zip bomb is stopped as soon as it passes this.
    /// </summary>
    public long MaxBundleExtractedBytes { get; set; } = 2L << 30;

    /// <summary>Hangfire worker threads per process.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    public bool RunsWeb => Roles is "all" or "web";
    public bool RunsWorker => Roles is "all" or "worker";
    public bool ShouldMigrateOnStart => MigrateOnStart ?? Database == DatabaseKind.Sqlite;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

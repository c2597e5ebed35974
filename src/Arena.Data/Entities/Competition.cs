namespace Arena.Data.Entities;

public enum CompetitionVisibility { Public, Group }

public enum CompetitionState { Draft, Published }

public sealed class Competition
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public string OverviewMarkdown { get; set; } = "";
    public required string Metric { get; set; }

    /// <summary>Metric parameters as given (name to text), resolved by the scoring library.</summary>
    public Dictionary<string, string> MetricParameters { get; set; } = [];
    public string? IdColumn { get; set; }
    public DateTime? StartsAt { get; set; }
    public DateTime? Deadline { get; set; }
    public int DailySubmissionLimit { get; set; } = 5;
    public int FinalSelections { get; set; } = 2;
    public long MaxUploadBytes { get; set; } = 100L << 20;
    public CompetitionVisibility Visibility { get; set; }

    /// <summary>
    /// Decimals of every score a participant is shown (leaderboard, pushes, pages, export, their own results); the
    /// organizers see every digit. Fewer digits leak less about the hidden labels to a participant who probes them.
    /// </summary>
    public int ScoreDecimals { get; set; } = 5;

    /// <summary>
    /// Blum and Hardt's Ladder (2015): when set, a participant's shown public best moves only when a new public score
    /// beats it by more than this step. Null turns it off.
    /// </summary>
    public double? LadderStep { get; set; }
    public CompetitionState State { get; set; } = CompetitionState.Published;

    /// <summary>Folder, relative to the data directory, that holds the public files and the hidden solution.</summary>
    public required string StorageFolder { get; set; }

    /// <summary>The solution file, relative to <see cref="StorageFolder"/>; never served.</summary>
    public required string SolutionFile { get; set; }

    /// <summary>A hash of the imported bundle, so that importing the same bundle again changes nothing.</summary>
    public string? BundleHash { get; set; }

    /// <summary>When the closing job revealed the private leaderboard (or an organizer did, early); null until then.</summary>
    public DateTime? PrivateRevealedAt { get; set; }

    /// <summary>When the private leaderboard is to be revealed: the deadline unless an organizer moved it.</summary>
    public DateTime? RevealAt { get; set; }

    /// <summary>When the closing job froze the public leaderboard; later scores (late ones, rescores) leave it alone.</summary>
    public DateTime? PublicFrozenAt { get; set; }

    /// <summary>The study group whose members alone may see it, for <see cref="CompetitionVisibility.Group"/>.</summary>
    public int? GroupId { get; set; }

    /// <summary>Who uploaded it; null for a bundle imported at start-up.</summary>
    public Guid? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Bumped whenever the leaderboard may have changed; carried by change notifications.</summary>
    public long LeaderboardVersion { get; set; }

    public List<CompetitionFile> Files { get; set; } = [];
    public List<ReferenceRow> References { get; set; } = [];
}

public sealed class CompetitionFile
{
    public int Id { get; set; }
    public int CompetitionId { get; set; }
    public required string Name { get; set; }

    /// <summary>Relative to the competition's storage folder.</summary>
    public required string RelativePath { get; set; }
    public long SizeBytes { get; set; }
    public DateTime CreatedAt { get; set; }
}

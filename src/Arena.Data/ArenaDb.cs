using System.Text.Json;
using Arena.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Arena.Data;

/// <summary>
/// Arena's model. The application registers it as <see cref="ArenaDb"/>; a subclass per provider
/// (<see cref="SqliteArenaDb"/>, <see cref="PostgresArenaDb"/>) owns that provider's migrations, as EF Core's
/// "migrations with multiple providers" recommends.
/// </summary>
public abstract class ArenaDb(DbContextOptions options)
    : IdentityDbContext<ArenaUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Competition> Competitions => Set<Competition>();
    public DbSet<CompetitionFile> CompetitionFiles => Set<CompetitionFile>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmissionQuota> SubmissionQuotas => Set<SubmissionQuota>();
    public DbSet<ReferenceRow> ReferenceRows => Set<ReferenceRow>();
    public DbSet<StudyGroup> Groups => Set<StudyGroup>();
    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();
    public DbSet<GroupInvite> GroupInvites => Set<GroupInvite>();
    public DbSet<ParticipantSanction> ParticipantSanctions => Set<ParticipantSanction>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<RescoreRun> RescoreRuns => Set<RescoreRun>();
    public DbSet<SiteClaim> SiteClaims => Set<SiteClaim>();
    public DbSet<PersonalToken> PersonalTokens => Set<PersonalToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<StoredFileChunk> StoredFileChunks => Set<StoredFileChunk>();
    public DbSet<HumanStudy> HumanStudies => Set<HumanStudy>();
    public DbSet<HumanItem> HumanItems => Set<HumanItem>();
    public DbSet<HumanAnnotator> HumanAnnotators => Set<HumanAnnotator>();
    public DbSet<HumanAssignment> HumanAssignments => Set<HumanAssignment>();
    public DbSet<HumanAnswer> HumanAnswers => Set<HumanAnswer>();
    public DbSet<ReplicationTrack> ReplicationTracks => Set<ReplicationTrack>();
    public DbSet<TrackPaper> TrackPapers => Set<TrackPaper>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite hands back "unspecified", which would serialise without its Z.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Competition>(c =>
        {
            c.HasIndex(x => x.Slug).IsUnique();
            c.Property(x => x.Slug).HasMaxLength(64);
            c.Property(x => x.Title).HasMaxLength(200);
            c.Property(x => x.Metric).HasMaxLength(64);
            c.Property(x => x.MetricParameters).HasConversion(DictionaryAsJson.Converter, DictionaryAsJson.Comparer);
            c.HasMany(x => x.Files).WithOne().HasForeignKey(f => f.CompetitionId).OnDelete(DeleteBehavior.Cascade);
            c.HasMany(x => x.References).WithOne().HasForeignKey(r => r.CompetitionId).OnDelete(DeleteBehavior.Cascade);
            c.HasOne<StudyGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<StudyGroup>(g =>
        {
            g.HasIndex(x => x.Slug).IsUnique();
            g.Property(x => x.Slug).HasMaxLength(64);
            g.Property(x => x.Name).HasMaxLength(200);
            g.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<GroupMember>(m =>
        {
            m.HasKey(x => new { x.GroupId, x.UserId });
            m.HasIndex(x => x.UserId);
            m.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<GroupInvite>(i =>
        {
            i.HasIndex(x => x.Code).IsUnique();
            i.Property(x => x.Code).HasMaxLength(64);
            i.HasOne(x => x.Group).WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ParticipantSanction>(p =>
        {
            p.HasKey(x => new { x.CompetitionId, x.UserId });
            p.Property(x => x.Reason).HasMaxLength(1000);
            p.HasOne<Competition>().WithMany().HasForeignKey(x => x.CompetitionId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AuditEntry>(a =>
        {
            a.HasIndex(x => new { x.CompetitionId, x.At });
            a.HasIndex(x => new { x.GroupId, x.At });
            a.Property(x => x.Action).HasMaxLength(64);
        });
        builder.Entity<SiteClaim>(c =>
        {
            c.HasKey(x => x.Name);
            c.Property(x => x.Name).HasMaxLength(64);
        });
        builder.Entity<RescoreRun>(r => r.HasOne<Competition>().WithMany().HasForeignKey(x => x.CompetitionId).OnDelete(DeleteBehavior.Cascade));
        builder.Entity<PersonalToken>(t =>
        {
            t.HasIndex(x => x.Hash).IsUnique();
            t.HasIndex(x => x.UserId);
            t.Property(x => x.Hash).HasMaxLength(64);
            t.Property(x => x.Prefix).HasMaxLength(32);
            t.Property(x => x.Name).HasMaxLength(100);
            t.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<StoredFile>(f =>
        {
            f.HasIndex(x => x.Key).IsUnique();
            f.Property(x => x.Key).HasMaxLength(400);
            f.Property(x => x.Sha256).HasMaxLength(64);
        });
        builder.Entity<StoredFileChunk>(c =>
        {
            c.HasKey(x => new { x.FileId, x.Index });
            c.HasOne<StoredFile>().WithMany().HasForeignKey(x => x.FileId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CompetitionFile>(f => f.HasIndex(x => new { x.CompetitionId, x.Name }).IsUnique());
        builder.Entity<Submission>(s =>
        {
            s.HasIndex(x => new { x.CompetitionId, x.UserId, x.SubmittedAt });
            s.HasIndex(x => new { x.Status, x.SubmittedAt });
            s.HasOne(x => x.Competition).WithMany().HasForeignKey(x => x.CompetitionId).OnDelete(DeleteBehavior.Cascade);
            s.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SubmissionQuota>(q =>
        {
            q.HasKey(x => new { x.CompetitionId, x.UserId, x.Day });
            q.HasOne<Competition>().WithMany().HasForeignKey(x => x.CompetitionId).OnDelete(DeleteBehavior.Cascade);
            q.HasOne<ArenaUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        HumanStudyModel.Configure(builder);
        ReplicationTrackModel.Configure(builder);
    }

    sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    static class DictionaryAsJson
    {
        public static readonly ValueConverter<Dictionary<string, string>, string> Converter = new(
            value => JsonSerializer.Serialize(value, (JsonSerializerOptions?)null),
            text => JsonSerializer.Deserialize<Dictionary<string, string>>(text, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>());

        public static readonly ValueComparer<Dictionary<string, string>> Comparer = new(
            (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
            value => value.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
            value => new Dictionary<string, string>(value));
    }
}

public sealed class SqliteArenaDb(DbContextOptions<SqliteArenaDb> options) : ArenaDb(options);

public sealed class PostgresArenaDb(DbContextOptions<PostgresArenaDb> options) : ArenaDb(options);

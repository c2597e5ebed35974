using Arena.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Arena.Data;

/// <summary>
/// Replication tracks. A competition appears at most once in a track (the unique index settles two organizers adding it
/// at once); a paper goes with its competition, and a deleted reference row only unlinks the papers that named it.
/// </summary>
static class ReplicationTrackModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ReplicationTrack>(t =>
        {
            t.HasIndex(x => new { x.GroupId, x.Slug }).IsUnique();
            t.Property(x => x.Slug).HasMaxLength(64);
            t.Property(x => x.Name).HasMaxLength(200);
            t.Property(x => x.Description).HasMaxLength(4000);
            t.HasOne<StudyGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
            t.HasMany(x => x.Papers).WithOne().HasForeignKey(p => p.TrackId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<TrackPaper>(p =>
        {
            p.HasIndex(x => new { x.TrackId, x.CompetitionId }).IsUnique();
            p.HasIndex(x => new { x.TrackId, x.Position });
            p.Property(x => x.Citation).HasMaxLength(1000);
            p.Property(x => x.Url).HasMaxLength(2000);
            p.HasOne(x => x.Competition).WithMany().HasForeignKey(x => x.CompetitionId).OnDelete(DeleteBehavior.Cascade);
            p.HasOne<ReferenceRow>().WithMany().HasForeignKey(x => x.ReferenceRowId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}

using System.Text.Json;
using Arena.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Arena.Data;

/// <summary>
/// The human-baseline study's tables. The unique indexes carry the assignment rules under concurrency: one study per
/// competition, one annotator per user, one holder per slot of a test item, one item served at a time per annotator,
/// and one answer per annotator and item.
/// </summary>
static class HumanStudyModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<HumanStudy>(s =>
        {
            s.HasIndex(x => x.CompetitionId).IsUnique();
            s.HasOne(x => x.Competition).WithMany().HasForeignKey(x => x.CompetitionId).OnDelete(DeleteBehavior.Cascade);
            s.Property(x => x.SplitHash).HasMaxLength(64);
            s.Property(x => x.Render).HasMaxLength(200);
            s.Property(x => x.TrainLabelColumn).HasMaxLength(200);
            s.Property(x => x.Classes).HasConversion(ListAsJson.Converter, ListAsJson.Comparer);
            s.HasMany(x => x.Items).WithOne().HasForeignKey(i => i.StudyId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<HumanItem>(i =>
        {
            i.HasIndex(x => new { x.StudyId, x.ItemId }).IsUnique();
            i.HasIndex(x => new { x.StudyId, x.Kind, x.Order });
            i.Property(x => x.ItemId).HasMaxLength(400);
            i.Property(x => x.GoldLabel).HasMaxLength(400);
        });
        builder.Entity<HumanAnnotator>(a =>
        {
            a.HasIndex(x => new { x.StudyId, x.Number }).IsUnique();
            a.HasIndex(x => new { x.StudyId, x.UserId }).IsUnique();
            a.HasOne<HumanStudy>().WithMany().HasForeignKey(x => x.StudyId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<HumanAssignment>(a =>
        {
            a.HasIndex(x => new { x.HumanItemId, x.Slot }).IsUnique();
            a.HasIndex(x => new { x.AnnotatorId, x.Position }).IsUnique();
            a.HasIndex(x => new { x.AnnotatorId, x.HumanItemId }).IsUnique();
            a.HasIndex(x => x.StudyId);
            a.HasOne<HumanStudy>().WithMany().HasForeignKey(x => x.StudyId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne(x => x.Item).WithMany().HasForeignKey(x => x.HumanItemId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<HumanAnnotator>().WithMany().HasForeignKey(x => x.AnnotatorId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<HumanAnswer>(a =>
        {
            a.HasIndex(x => x.AssignmentId).IsUnique();
            a.HasIndex(x => new { x.AnnotatorId, x.HumanItemId }).IsUnique();
            a.HasIndex(x => x.StudyId);
            a.Property(x => x.Label).HasMaxLength(400);
            a.Property(x => x.LateLabel).HasMaxLength(400);
            a.Property(x => x.SkipReason).HasMaxLength(32);
            a.HasOne<HumanStudy>().WithMany().HasForeignKey(x => x.StudyId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<HumanAssignment>().WithMany().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<HumanAnnotator>().WithMany().HasForeignKey(x => x.AnnotatorId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<HumanItem>().WithMany().HasForeignKey(x => x.HumanItemId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    static class ListAsJson
    {
        public static readonly ValueConverter<List<string>, string> Converter = new(
            value => JsonSerializer.Serialize(value, (JsonSerializerOptions?)null),
            text => JsonSerializer.Deserialize<List<string>>(text, (JsonSerializerOptions?)null) ?? new List<string>());

        public static readonly ValueComparer<List<string>> Comparer = new(
            (a, b) => a!.SequenceEqual(b!),
            value => value.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
            value => new List<string>(value));
    }
}

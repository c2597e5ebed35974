using Arena.Data.Entities;

namespace Arena.Server.Bundles;

/// <summary>
/// Where an imported bundle comes from, which decides how its competition starts: the start-up folder gives public,
/// published competitions with no creator; an organizer's upload gives a draft that its creator (and group) runs.
/// </summary>
public sealed record BundleOrigin(CompetitionState State, Guid? CreatedById, int? GroupId)
{
    public static readonly BundleOrigin StartUp = new(CompetitionState.Published, null, null);

    public static BundleOrigin Upload(Guid createdById, int? groupId) => new(CompetitionState.Draft, createdById, groupId);

    public bool IsUpload => CreatedById is not null;

    public CompetitionVisibility Visibility => GroupId is null ? CompetitionVisibility.Public : CompetitionVisibility.Group;
}

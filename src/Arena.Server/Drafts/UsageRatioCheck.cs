using Arena.Scoring.Reading;

namespace Arena.Server.Drafts;

/// <summary>
/// The Public share of the scored rows, Public / (Public + Private). Kaggle's usual split keeps it between 10% and
/// 50%: less makes the Public leaderboard noise, more leaves too little for a Private ranking that resists overfitting.
/// </summary>
internal static class UsageRatioCheck
{
    public const double LowShare = 0.10;
    public const double HighShare = 0.50;

    public static CheckItem Run(UsageCounts counts)
    {
        var scored = counts.Public + counts.Private;
        var share = scored == 0 ? 0 : counts.Public / (double)scored;
        var details = new Dictionary<string, object?>
        {
            ["public"] = counts.Public, ["private"] = counts.Private, ["ignored"] = counts.Ignored, ["publicShare"] = share,
        };
        var summary = $"{counts.Public} Public and {counts.Private} Private rows, Public share {share * 100:0.#}%";
        if (counts.Public == 0) return CheckItem.Error(CheckCodes.UsageRatio, $"{summary}: there is no Public leaderboard", details);
        if (counts.Private == 0) return CheckItem.Warning(CheckCodes.UsageRatio, $"{summary}: there is no Private leaderboard, so the final ranking is the Public one", details);
        if (share < LowShare) return CheckItem.Warning(CheckCodes.UsageRatio, $"{summary}: under 10%, Public scores will be noisy", details);
        if (share > HighShare) return CheckItem.Warning(CheckCodes.UsageRatio, $"{summary}: over 50%, participants can fit most of the Private rows through the Public leaderboard", details);
        return CheckItem.Ok(CheckCodes.UsageRatio, $"{summary}: within 10%-50%", details);
    }
}

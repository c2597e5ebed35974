using System.Globalization;
using System.Text;
using Arena.Contracts;
using Arena.Data;
using Arena.Scoring.Humans;
using Arena.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Humans;

/// <summary>
/// What the human-leaderboard tests do on the <c>humans</c> bundle: submit label files that are right on chosen items,
/// let one annotator answer test items (wrong where a rule says), and compute with the scoring library what the
/// leaderboard should show on the same items.
/// </summary>
public static class HumanLeaderboardSteps
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public const string Slug = "humans";

    /// <summary>The study's seed in the bundle (humanStudy.seed).</summary>
    public const int Seed = 7;

    public static bool IsPublic(string id) => Number(id) <= 20;

    public static int Number(string id) => int.Parse(id[1..], CultureInfo.InvariantCulture);

    public static string Wrong(string label) => label == "cat" ? "dog" : "cat";

    /// <summary>A label file over every test row: the gold label where <paramref name="right"/> says so, a wrong one elsewhere.</summary>
    public static string Submission(Func<int, bool> right)
    {
        var csv = new StringBuilder("id,label\n");
        for (var i = 1; i <= HumanBundles.TestRows; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{HumanBundles.Id(i)},{(right(i) ? HumanBundles.Label(i) : Wrong(HumanBundles.Label(i)))}\n");
        return csv.ToString();
    }

    /// <summary>Practises, then answers up to <paramref name="count"/> test items; returns each answered item with the label given.</summary>
    public static async Task<Dictionary<string, string>> AnswerTestItemsAsync(this HttpClient annotator, int count, Func<int, bool> right)
    {
        await annotator.JoinStudyAsync(Slug);
        var next = await annotator.PractiseAsync(Slug);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        while (given.Count < count && next["phase"]!.GetValue<string>() == "test")
        {
            var id = HumanSteps.ItemId(next);
            var label = right(Number(id)) ? HumanBundles.Label(id) : Wrong(HumanBundles.Label(id));
            await annotator.AnsweredAsync(Slug, id, label);
            given[id] = label;
            next = await annotator.NextAsync(Slug);
        }
        return given;
    }

    /// <summary>The library's panel for one annotator's answers on the items <paramref name="include"/> keeps.</summary>
    public static HumanPanel Panel(Dictionary<string, string> given, Func<string, bool> include)
    {
        var ids = given.Keys.Where(include).ToList();
        return HumanPanel.Create(ids.Select(id => new HumanStudyItem(id, HumanBundles.Label(id))),
            ids.Select(id => HumanResponse.Answer(id, "000001", given[id], 1500, 0)));
    }

    /// <summary>What the leaderboard must show for a model that is right where <paramref name="right"/> says, computed directly.</summary>
    public static HumanItemsComparison Expected(Dictionary<string, string> given, Func<string, bool> include, Func<int, bool> right, string set)
    {
        var panel = Panel(given, include);
        var model = panel.ItemIds.ToDictionary(id => id, id => right(Number(id)) ? 1.0 : 0.0, StringComparer.Ordinal);
        var difference = PairedBootstrap.Difference(model, panel, HumanAggregation.MeanOfIndividuals, Seed);
        var p = McNemar.Compare([.. panel.ItemIds.Select(id => right(Number(id)))], [.. panel.ItemIds.Select(id => given[id] == HumanBundles.Label(id))]).PValue;
        return new HumanItemsComparison(set, panel.ItemIds.Count, model.Values.Average(), HumanBaseline.Compute(panel).Score,
            difference.Observed, difference.Low, difference.High, p, difference.Low > 0);
    }

    public static void AssertSame(HumanItemsComparison expected, HumanItemsComparison? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.ItemSet, expected.Items, expected.McNemarP is null, expected.BeatsHumans),
            (actual.ItemSet, actual.Items, actual.McNemarP is null, actual.BeatsHumans));
        Assert.Equal(expected.ModelScore, actual.ModelScore, 12);
        Assert.Equal(expected.HumanScore, actual.HumanScore, 12);
        Assert.Equal(expected.Difference, actual.Difference, 12);
        Assert.Equal(expected.Low, actual.Low, 12);
        Assert.Equal(expected.High, actual.High, 12);
        Assert.Equal(expected.McNemarP!.Value, actual.McNemarP!.Value, 12);
    }

    /// <summary>Reveals the private leaderboard as the closing job would have.</summary>
    public static async Task RevealAsync(this ArenaApp app)
    {
        using var scope = app.Services.CreateScope();
        var updated = await scope.ServiceProvider.GetRequiredService<ArenaDb>().Competitions.Where(c => c.Slug == Slug)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.PrivateRevealedAt, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)), Cancellation);
        Assert.Equal(1, updated);
    }
}

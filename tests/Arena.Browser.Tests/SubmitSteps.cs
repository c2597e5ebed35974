using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Arena.Browser.Tests.Browser;
using Arena.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Arena.Browser.Tests;

/// <summary>What the Submit and My submissions tests do on the pages, and the answers they check against.</summary>
static class SubmitSteps
{
    public static FilePayload Csv(string text, string name = "submission.csv") =>
        new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    public static async Task ChooseAsync(this Visitor visitor, FilePayload file) =>
        await visitor.Page.GetByLabel("Prediction file").SetInputFilesAsync(file);

    public static ILocator SubmitButton(this Visitor visitor) =>
        visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true });

    public static ILocator ValidateButton(this Visitor visitor) =>
        visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Validate only" });

    public static ILocator Status(this Visitor visitor) => visitor.Page.GetByTestId("submission-status");

    /// <summary>The same user through the API with a bearer token, to read what the server holds.</summary>
    public static async Task<HttpClient> ApiAsAsync(this WebSite site, string userName)
    {
        var client = site.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await site.App.TokenAsync(userName));
        return client;
    }

    /// <summary>
    /// How the pages print a score to a participant: rounded to the competition's display decimals (5 by default), then
    /// as site.js formatScore and PageFormat.Score print it.
    /// </summary>
    public static string Score(double score) => Math.Round(score, 5, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>
    /// AUC on the binary bundle's Public rows (ids 1 to 6), worked out here from the file and the bundle's labels, so
    /// the page's score is checked against an answer the server did not produce.
    /// </summary>
    public static double PublicAuc(string csv) => Auc(csv, "Public");

    public static double Auc(string csv, string usage)
    {
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (Id: int.Parse(f[0], CultureInfo.InvariantCulture), Score: double.Parse(f[1], CultureInfo.InvariantCulture)))
            .Where(r => TestBundles.Usage(r.Id) == usage)
            .ToList();
        var positives = rows.Where(r => TestBundles.Label(r.Id) == 1).Select(r => r.Score).ToList();
        var negatives = rows.Where(r => TestBundles.Label(r.Id) == 0).Select(r => r.Score).ToList();
        var wins = positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0.0));
        return wins / (positives.Count * negatives.Count);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Arena.Cluster.Tests.Cluster;
using Arena.Server.Tests.Drafts;
using Arena.Server.Tests.Hosting;

namespace Arena.Cluster.Tests;

public sealed partial class WebAndWorkerTests
{
    /// <summary>
    /// Test 5, its files half. Every node has its own data folder and <c>Arena__FileStore=postgres</c>: a competition
    /// file uploaded (in a bundle) through web1 downloads from web2 with the same SHA-256, and a submission uploaded
    /// through web1 is read by the worker that scores it, whose local copy (named by its SHA-256) has the same bytes.
    /// The competition file spans three of the store's 1 MB chunks.
    /// </summary>
    [Fact]
    public async Task A_file_uploaded_through_web1_reads_back_with_the_same_sha256_from_web2_and_from_a_worker()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var owner = await nodes.Web1.SignUpAsync("files-owner");
        using var onWeb1 = nodes.Web1.Http(owner);
        Assert.Equal(HttpStatusCode.Created, (await onWeb1.PostAsJsonAsync("/api/groups", new { slug = "files-group", name = "Files" }, cancellation)).StatusCode);

        var big = BigCsv(rows: 120_000);
        Assert.InRange(big.Length, (2 << 20) + 1, 3 << 20);
        var uploaded = await onWeb1.UploadBundleAsync(BundleZip("files-draft", big), group: "files-group");
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, $"bundle upload on web1: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync(cancellation)}");

        using var onWeb2 = nodes.Web2.Http(owner);
        var download = await onWeb2.GetAsync("/api/competitions/files-draft/files/big.csv", cancellation);
        Assert.True(download.StatusCode == HttpStatusCode.OK, $"download on web2: {(int)download.StatusCode}\n{nodes.Cluster.Tails()}");
        Assert.Equal(Sha256(big), Sha256(await download.Content.ReadAsByteArrayAsync(cancellation)));
        // web2 served its own copy, fetched from the database into its own folder.
        var bigHash = Sha256(big);
        Assert.True(File.Exists(Path.Combine(nodes.Cluster.DataDirectoryOf("web2"), "cache", bigHash[..2], bigHash, "big.csv")), "web2 has no local copy of big.csv");

        // A submission unique to this test, so its hash names exactly one copy.
        var csv = TestBundles.BinarySubmission(value: id => (0.5 + (id * 0.001)).ToString("R", CultureInfo.InvariantCulture));
        var participant = await nodes.Web1.SignUpAsync("files-participant");
        var (id, _) = await nodes.Web1.SubmitAsync(participant, "binary", csv);
        await WaitUntilFinishedAsync(id);
        var hash = Sha256(Encoding.UTF8.GetBytes(csv));
        var copies = Directory.EnumerateDirectories(Path.Combine(nodes.Cluster.DataDirectoryOf("worker1"), "cache"), hash, SearchOption.AllDirectories)
            .SelectMany(Directory.EnumerateFiles).ToList();
        var copy = Assert.Single(copies);
        Assert.Equal(hash, Sha256(await File.ReadAllBytesAsync(copy, cancellation)));
        Assert.False(Directory.Exists(Path.Combine(nodes.Cluster.DataDirectoryOf("web2"), "cache", hash[..2], hash)), "web2 never read the submission");
    }

    async Task WaitUntilFinishedAsync(Guid id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await nodes.Cluster.SubmissionAsync(id)).Status is not ("Scored" or "Failed"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"submission {id} not scored within 30 s\n{nodes.Cluster.Tails()}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Equal("Scored", (await nodes.Cluster.SubmissionAsync(id)).Status);
    }

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A CSV of seeded random numbers, so no run of the store's chunks repeats another.</summary>
    static byte[] BigCsv(int rows)
    {
        var random = new Random(7);
        var text = new StringBuilder("id,x\n");
        for (var i = 1; i <= rows; i++) text.Append(CultureInfo.InvariantCulture, $"{i},{random.NextDouble():R}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The test binary bundle under a new slug, with <paramref name="big"/> as one more public file.</summary>
    static byte[] BundleZip(string slug, byte[] big)
    {
        var bundles = TestBundles.Create();
        try
        {
            var folder = Path.Combine(bundles, "binary");
            var yaml = Path.Combine(folder, "competition.yaml");
            File.WriteAllText(yaml, $"slug: {slug}\n" + File.ReadAllText(yaml).Replace("files:\n", "files:\n  - data/big.csv\n", StringComparison.Ordinal));
            File.WriteAllBytes(Path.Combine(folder, "data", "big.csv"), big);
            return DraftZips.Zip(folder);
        }
        finally
        {
            Directory.Delete(bundles, recursive: true);
        }
    }
}

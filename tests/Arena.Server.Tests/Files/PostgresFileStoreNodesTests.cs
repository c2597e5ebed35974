using System.Text;
using Arena.Data;
using Arena.Server.Files;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Server.Tests.Files;

/// <summary>
/// Nodes on one PostgreSQL database, each with its own data folder as on separate machines, sharing files only
/// through <c>Arena:FileStore=postgres</c>. They run in this one test process, so Hangfire may wake a worker
/// in-process; the cluster tests cover separate processes.
/// </summary>
public sealed class PostgresFileStoreNodesTests(PostgresCluster cluster)
{
    static readonly Dictionary<string, string?> PostgresFiles = new() { ["Arena:FileStore"] = "postgres" };

    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submission_uploaded_to_a_web_node_is_scored_by_a_worker_and_public_files_download_the_same_from_another_node()
    {
        var bundles = TestBundles.Create();
        var web = await ArenaApp.StartAsync(Provider.Postgres, cluster, bundles, roles: "web", settings: PostgresFiles);
        var worker = web.StartSibling("worker");
        var reader = web.StartSibling("web");
        try
        {
            var client = await web.SignUpAsync("far-away");
            var csv = TestBundles.BinarySubmission(swaps: 1);
            var id = await client.SubmitAcceptedAsync("binary", csv);

            // The web node runs no Hangfire server: only the worker can score it, and it has no copy of anything but its own.
            var result = await client.WaitForResultAsync(id);
            Assert.Equal("scored", result["status"]!.GetValue<string>());
            Assert.NotNull(result["publicScore"]);
            Assert.Contains(Directory.GetFiles(Path.Combine(worker.DataDirectory, "cache"), "*", SearchOption.AllDirectories), f => f.EndsWith($"{id:N}.upload", StringComparison.Ordinal));
            foreach (var node in new[] { web, worker, reader })
            {
                Assert.False(Directory.Exists(Path.Combine(node.DataDirectory, "competitions")), $"{node.DataDirectory} holds competition files outside the store");
                Assert.False(Directory.Exists(Path.Combine(node.DataDirectory, "submissions")), $"{node.DataDirectory} holds submissions outside the store");
            }

            // The third node imported nothing (the slug existed) and serves the public file from the database.
            var original = await File.ReadAllBytesAsync(Path.Combine(bundles, "binary", "data", "test.csv"), Cancellation);
            var downloaded = await reader.CreateClient().GetByteArrayAsync("/api/competitions/binary/files/test.csv", Cancellation);
            Assert.Equal(Bytes.Sha256(original), Bytes.Sha256(downloaded));

            // The uploaded bytes read back the same through the other nodes' stores.
            foreach (var node in new[] { worker, reader })
            {
                await using var stream = await node.Services.GetRequiredService<IFileStore>().OpenReadAsync($"submissions/{await CompetitionIdAsync(reader)}/{id:N}.upload", Cancellation);
                Assert.Equal(Bytes.Sha256(Encoding.UTF8.GetBytes(csv)), await Bytes.Sha256Async(stream!));
            }
        }
        finally
        {
            await reader.DeleteDataAsync();
            await worker.DeleteDataAsync();
            await web.DeleteDataAsync();
            Directory.Delete(bundles, recursive: true);
        }
    }

    [Fact]
    public async Task The_postgres_file_store_without_the_postgres_database_stops_the_start_with_the_reason()
    {
        var bundles = TestBundles.Create();
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => ArenaApp.StartAsync(Provider.Sqlite, cluster, bundles, settings: PostgresFiles));

            var reason = error is InvalidOperationException ? error : error.InnerException;
            Assert.IsType<InvalidOperationException>(reason);
            Assert.Contains("Arena:FileStore is postgres", reason.Message, StringComparison.Ordinal);
            Assert.Contains("Arena:Database=postgres", reason.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(bundles, recursive: true);
        }
    }

    static async Task<int> CompetitionIdAsync(ArenaApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArenaDb>();
        return await db.Competitions.Where(c => c.Slug == "binary").Select(c => c.Id).FirstAsync(Cancellation);
    }
}

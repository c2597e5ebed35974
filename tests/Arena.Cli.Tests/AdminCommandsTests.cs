using System.Net;
using Arena.Cli.Admin;
using Arena.Data;
using Arena.Server.Tests.Hosting;
using Arena.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Arena.Cli.Tests;

/// <summary><c>arena db migrate</c> and <c>arena admin grant-organizer</c>: straight to the server's database.</summary>
public sealed class AdminCommandsTests(SharedApps apps, PostgresCluster cluster) : IClassFixture<SharedApps>
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Migrate_applies_every_migration_to_an_empty_database_from_the_servers_settings_then_is_up_to_date(Provider provider)
    {
        using var user = new CliUser(null);
        var folder = Path.Combine(user.Home, "server-data");
        var postgres = provider == Provider.Postgres ? await cluster.CreateDatabaseAsync("cli_migrate", Cancellation) : null;
        try
        {
            // The variables the server itself reads.
            user.Environment[DatabaseOptions.DatabaseVariable] = provider == Provider.Postgres ? "postgres" : "sqlite";
            if (postgres is null) user.Environment[DatabaseOptions.DataDirectoryVariable] = folder;
            else user.Environment[DatabaseOptions.PostgresVariable] = postgres;
            var database = postgres is null ? ArenaDatabase.Sqlite(folder) : ArenaDatabase.Postgres(postgres);
            string[] all;
            await using (var db = database.CreateContext()) all = [.. db.Database.GetMigrations()];
            Assert.True(all.Length >= 3);
            if (postgres is not null) Assert.False(await HangfireSchemaExistsAsync(postgres));

            var first = await user.RunAsync("db", "migrate");

            Assert.True(first.Exit == 0, first.ToString());
            Assert.StartsWith($"{database.Description}: applied {all.Length} migrations: {string.Join(", ", all)}\n", first.Output, StringComparison.Ordinal);
            await using (var db = database.CreateContext())
            {
                Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync(Cancellation));
                Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancellation));
            }
            if (postgres is not null)
            {
                Assert.True(await HangfireSchemaExistsAsync(postgres));
                Assert.Contains("Hangfire's schema is installed", first.Output, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(File.Exists(Path.Combine(folder, ArenaDatabase.SqliteFileName)));
            }

            var second = await user.RunAsync("db", "migrate");
            Assert.True(second.Exit == 0, second.ToString());
            Assert.StartsWith($"{database.Description}: up to date\n", second.Output, StringComparison.Ordinal);
            Assert.Equal("", second.Error);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (postgres is not null) await cluster.DropDatabaseAsync(postgres, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(Provider.Sqlite)]
    [InlineData(Provider.Postgres)]
    public async Task Grant_organizer_lets_a_signed_in_user_reach_organizer_routes_with_the_token_they_already_have(Provider provider)
    {
        var app = await apps.For(provider);
        // The first account on a fresh server is the admin; the user under test must not be it.
        await app.SignUpAsync($"first-{provider}");
        var name = $"Grantee-{provider}";
        var grantee = await app.SignUpAsync(name);
        Assert.Equal(HttpStatusCode.Forbidden, (await grantee.GetAsync("/api/competitions/binary/leaderboard.csv", Cancellation)).StatusCode);
        using var admin = new CliUser(null);
        string[] where = app.PostgresConnectionString is { } postgres ? ["--connection", postgres] : ["--data-directory", app.DataDirectory];

        // Identity looks names up normalized, so the case the admin types does not matter.
        var grant = await admin.RunAsync(["admin", "grant-organizer", name.ToLowerInvariant(), .. where]);

        Assert.Equal(new CliResult(0, $"{name.ToLowerInvariant()} is now an organizer\n", ""), grant);
        var export = await grantee.GetAsync("/api/competitions/binary/leaderboard.csv", Cancellation);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var again = await admin.RunAsync(["admin", "grant-organizer", name, .. where]);
        Assert.Equal(new CliResult(0, $"{name} already was an organizer\n", ""), again);

        var unknown = await admin.RunAsync(["admin", "grant-organizer", $"nobody-{provider}", .. where]);
        Assert.Equal(new CliResult(1, "", $"arena: no user 'nobody-{provider}'\n"), unknown);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_is_one_line_and_exit_1()
    {
        using var user = new CliUser(null);
        var closedPort = ClosedPort();
        var connection = $"Host=127.0.0.1;Port={closedPort};Database=arena;Username=arena;Password=not-to-be-shown";

        var migrate = await user.RunAsync("db", "migrate", "--connection", connection);
        var grant = await user.RunAsync("admin", "grant-organizer", "someone", "--database", "postgres", "--connection", connection);

        foreach (var result in (CliResult[])[migrate, grant])
        {
            Assert.Equal(1, result.Exit);
            Assert.Equal("", result.Output);
            Assert.StartsWith($"arena: cannot use the database (PostgreSQL 127.0.0.1:{closedPort}/arena): ", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("not-to-be-shown", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_a_usage_error()
    {
        using var user = new CliUser(null);
        user.Environment[DatabaseOptions.DatabaseVariable] = "postgres";

        var migrate = await user.RunAsync("db", "migrate");

        Assert.Equal(new CliResult(2, "", $"arena: no PostgreSQL connection string: pass --connection or set {DatabaseOptions.PostgresVariable}\n"), migrate);
    }

    static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task<bool> HangfireSchemaExistsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'hangfire'", connection);
        return (long)(await command.ExecuteScalarAsync(Cancellation))! == 1;
    }
}

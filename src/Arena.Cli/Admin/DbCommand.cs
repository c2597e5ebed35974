using System.CommandLine;
using Arena.Data;

namespace Arena.Cli.Admin;

/// <summary><c>arena db migrate</c>: on the server machine, the explicit migration step for either database.</summary>
public static class DbCommand
{
    public static Command Create(CliHost host) => new("db", "The server's database, used directly (run on the server machine)") { Migrate(host) };

    static Command Migrate(CliHost host)
    {
        var database = new DatabaseOptions();
        var command = new Command("migrate", "Apply the pending migrations (and, on PostgreSQL, install Hangfire's schema)");
        database.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var target = database.Resolve(context);
            var applied = await DatabaseOptions.UsingAsync(target, async () =>
            {
                await using var db = target.CreateContext();
                return await ArenaDatabase.MigrateAsync(db, cancellation);
            });
            context.Output.WriteLine(applied.Count == 0
                ? $"{target.Description}: up to date"
                : $"{target.Description}: applied {applied.Count} migration{(applied.Count == 1 ? "" : "s")}: {string.Join(", ", applied)}");
            if (target.IsPostgres) context.Output.WriteLine($"{target.Description}: Hangfire's schema is installed");
            return CommandLine.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Data.Common;
using System.Net.Sockets;
using Arena.Data;
using Microsoft.Extensions.Configuration;

namespace Arena.Cli.Admin;

/// <summary>
/// The server's database, found from the same settings the server reads (appsettings.json in the working folder,
/// then the environment variables <c>Arena__Database</c>, <c>Arena__DataDirectory</c> and
/// <c>ConnectionStrings__Postgres</c>), each overridable with an option.
/// </summary>
public sealed class DatabaseOptions
{
    public const string DatabaseVariable = "Arena__Database";
    public const string DataDirectoryVariable = "Arena__DataDirectory";
    public const string PostgresVariable = "ConnectionStrings__Postgres";

    readonly Option<string?> _database = new("--database") { Description = "sqlite or postgres; default: the server's Arena:Database, else sqlite" };
    readonly Option<string?> _connection = new("--connection") { Description = "the PostgreSQL connection string (implies postgres); default: ConnectionStrings:Postgres" };
    readonly Option<string?> _dataDirectory = new("--data-directory") { Description = "SQLite: the folder holding arena.db; default: Arena:DataDirectory, else ./data" };

    public DatabaseOptions() => _database.AcceptOnlyFromAmong("sqlite", "postgres");

    public void AddTo(Command command)
    {
        command.Options.Add(_database);
        command.Options.Add(_connection);
        command.Options.Add(_dataDirectory);
    }

    public ArenaDatabase Resolve(CliContext context)
    {
        var settings = ServerSettings(context.Host.Environment);
        var connection = context.Parse.GetValue(_connection) ?? settings["ConnectionStrings:Postgres"];
        var kind = context.Parse.GetValue(_database)
            ?? (context.Parse.GetValue(_connection) is not null ? "postgres" : settings["Arena:Database"]?.Trim().ToLowerInvariant() ?? "sqlite");
        switch (kind)
        {
            case "postgres":
                if (string.IsNullOrWhiteSpace(connection))
                    throw CliException.Usage($"no PostgreSQL connection string: pass --connection or set {PostgresVariable}");
                try
                {
                    return ArenaDatabase.Postgres(connection);
                }
                catch (ArgumentException e)
                {
                    throw CliException.Usage($"the PostgreSQL connection string is not valid: {e.Message}");
                }
            case "sqlite":
                if (context.Parse.GetValue(_connection) is not null)
                    throw CliException.Usage("--connection is PostgreSQL's; SQLite's database is found with --data-directory");
                return ArenaDatabase.Sqlite(context.Parse.GetValue(_dataDirectory) ?? settings["Arena:DataDirectory"] ?? "data");
            default:
                throw CliException.Usage($"{DatabaseVariable} is '{kind}': expected sqlite or postgres");
        }
    }

    /// <summary>appsettings.json in the working folder, overridden by the environment, as the server does.</summary>
    static IConfiguration ServerSettings(Func<string, string?> environment)
    {
        var fromEnvironment = new Dictionary<string, string?>();
        foreach (var (variable, key) in (ReadOnlySpan<(string, string)>)[(DatabaseVariable, "Arena:Database"), (DataDirectoryVariable, "Arena:DataDirectory"), (PostgresVariable, "ConnectionStrings:Postgres")])
        {
            if ((environment(variable) ?? environment(variable.ToUpperInvariant())) is { Length: > 0 } value) fromEnvironment[key] = value;
        }
        return new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddInMemoryCollection(fromEnvironment)
            .Build();
    }

    /// <summary>Runs <paramref name="work"/>, turning a database that cannot be reached or used into one line.</summary>
    public static async Task<T> UsingAsync<T>(ArenaDatabase database, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException || e.InnerException is DbException or SocketException)
        {
            var cause = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message}: {inner.Message}" : e.Message;
            throw new CliException($"cannot use the database ({database.Description}): {cause}", CommandLine.Invalid, e);
        }
    }
}

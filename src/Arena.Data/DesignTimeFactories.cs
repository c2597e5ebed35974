using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Arena.Data;

/// <summary>Lets `dotnet ef migrations add` build each provider's context without starting the server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteArenaDb>
{
    public SqliteArenaDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteArenaDb>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresArenaDb>
{
    public PostgresArenaDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresArenaDb>().UseNpgsql("Host=localhost;Database=arena_design_time").Options);
}

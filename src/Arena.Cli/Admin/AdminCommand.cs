using System.CommandLine;
using Arena.Data;
using Arena.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Arena.Cli.Admin;

/// <summary>
/// <c>arena admin grant-organizer|grant-admin USER</c>: on the server machine, straight into the database, for the
/// first organizer of a server or when no admin can sign in. The server reads roles from the database on every
/// request, so the grant applies to the user's existing tokens at once.
/// </summary>
public static class AdminCommand
{
    public static Command Create(CliHost host) => new("admin", "Grant roles in the server's database (run on the server machine)")
    {
        Grant(host, "grant-organizer", ArenaRoles.Organizer, "an organizer: may create, publish and run competitions"),
        Grant(host, "grant-admin", ArenaRoles.Admin, "an admin: may also grant organizers"),
    };

    static Command Grant(CliHost host, string name, string role, string what)
    {
        var user = new Argument<string>("USER") { Description = "the user name" };
        var database = new DatabaseOptions();
        var command = new Command(name, $"Make USER {what}") { user };
        database.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var userName = context.Parse.GetRequiredValue(user).Trim();
            var target = database.Resolve(context);
            if (!target.MayExist) throw new CliException($"no database at {target.Description}: run 'arena db migrate' first, or pass --data-directory");
            var granted = await DatabaseOptions.UsingAsync(target, () => GrantAsync(target, userName, role, cancellation));
            context.Output.WriteLine(granted ? $"{userName} is now {(role == ArenaRoles.Admin ? "an admin" : "an organizer")}" : $"{userName} already was {(role == ArenaRoles.Admin ? "an admin" : "an organizer")}");
            return CommandLine.Ok;
        });
        return command;
    }

    /// <summary>Through Identity's own stores and normalizer, so the rows are exactly those its managers would write.</summary>
    /// <returns>False when the user already had the role.</returns>
    static async Task<bool> GrantAsync(ArenaDatabase target, string userName, string role, CancellationToken cancellation)
    {
        await using var db = target.CreateContext();
        using var users = new UserStore<ArenaUser, IdentityRole<Guid>, ArenaDb, Guid>(db);
        using var roles = new RoleStore<IdentityRole<Guid>, ArenaDb, Guid>(db);
        var normalizer = new UpperInvariantLookupNormalizer();
        var user = await users.FindByNameAsync(normalizer.NormalizeName(userName), cancellation)
            ?? throw new CliException($"no user '{userName}'");
        var roleName = normalizer.NormalizeName(role);
        if (await roles.FindByNameAsync(roleName, cancellation) is null)
            Check(await roles.CreateAsync(new IdentityRole<Guid>(role) { NormalizedName = roleName }, cancellation));
        if (await users.IsInRoleAsync(user, roleName, cancellation)) return false;
        await users.AddToRoleAsync(user, roleName, cancellation);
        Check(await users.UpdateAsync(user, cancellation));
        return true;
    }

    static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new CliException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

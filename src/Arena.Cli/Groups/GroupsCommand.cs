using System.CommandLine;
using Arena.Cli.Client;
using Arena.Cli.Competitions;
using Arena.Cli.Organizers;
using Arena.Cli.Output;

namespace Arena.Cli.Groups;

public sealed record GroupCreated(string Slug);

public sealed record GroupSummary(string Slug, string Name, string Role);

public sealed record InviteCreated(string Code, DateTime? ExpiresAt, string Link);

public sealed record Joined(string Slug, string Role);

public sealed record GroupMember(string UserName, string DisplayName, string Role, DateTime JoinedAt);

/// <summary><c>arena groups create|invite|join|members|list</c>: study groups, whose members alone see the group's competitions.</summary>
public static class GroupsCommand
{
    public static Command Create(CliHost host) => new("groups", "Study groups: create one, invite members, join one, list members")
    {
        CreateVerb(host), Invite(host), Join(host), Members(host), List(host), TracksCommand.Create(host),
    };

    static Argument<string> Slug() => new("SLUG") { Description = "the group's slug" };

    static Command CreateVerb(CliHost host)
    {
        var slug = Slug();
        var name = new Option<string>("--name", "-n") { Description = "the group's name, as members see it", Required = true };
        var command = new Command("create", "Create a study group that you own") { slug, name };
        command.SetAction(host, async (context, cancellation) =>
        {
            using var client = context.Connect();
            client.RequireToken();
            var created = await client.PostJsonAsync<GroupCreated>("api/groups",
                new { slug = context.Parse.GetRequiredValue(slug), name = context.Parse.GetRequiredValue(name) }, new Refusals("this server has no study groups"), cancellation);
            context.Output.WriteLine($"Created the group {created.Slug}; invite members with: arena groups invite {created.Slug}");
            return CommandLine.Ok;
        });
        return command;
    }

    static Command Invite(CliHost host)
    {
        var slug = Slug();
        var expires = new Option<string?>("--expires") { Description = "when the code stops working, ISO 8601 (default: never)" };
        var json = new Option<bool>("--json") { Description = "print the server's JSON" };
        var command = new Command("invite", "Make an invite code (and link) for a group") { slug, expires, json };
        command.SetAction(host, async (context, cancellation) =>
        {
            var group = context.Parse.GetRequiredValue(slug);
            var expiresAt = Times.Parse(context.Parse.GetValue(expires), "--expires");
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.SendJsonTextAsync(HttpMethod.Post, $"api/groups/{Uri.EscapeDataString(group)}/invites", new { expiresAt }, Refusals.Group(group), cancellation);
            if (context.Parse.GetValue(json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var invite = ArenaClient.Read<InviteCreated>(text, "invite");
            context.Output.WriteLine($"Invite code: {invite.Code}");
            context.Output.WriteLine($"Link: {invite.Link}");
            context.Output.WriteLine(invite.ExpiresAt is { } at ? $"Expires: {Times.Show(at)}" : "Expires: never (revoke it on the server when done)");
            context.Output.WriteLine($"Members join with: arena groups join {invite.Code}");
            return CommandLine.Ok;
        });
        return command;
    }

    static Command Join(CliHost host)
    {
        var code = new Argument<string>("CODE") { Description = "the invite code from the group's owner or organizers" };
        var command = new Command("join", "Join a study group with an invite code") { code };
        command.SetAction(host, async (context, cancellation) =>
        {
            var text = context.Parse.GetRequiredValue(code);
            using var client = context.Connect();
            client.RequireToken();
            var joined = await client.PostJsonAsync<Joined>("api/groups/join", new { code = text }, new Refusals($"no invite code '{text}'"), cancellation);
            context.Output.WriteLine($"Joined the group {joined.Slug} as {joined.Role}");
            return CommandLine.Ok;
        });
        return command;
    }

    static Command Members(CliHost host)
    {
        var slug = Slug();
        var formats = new FormatOptions();
        var command = new Command("members", "List a group's members: userName, displayName, role, joinedAt") { slug };
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var group = context.Parse.GetRequiredValue(slug);
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.GetTextAsync($"api/groups/{Uri.EscapeDataString(group)}/members", Refusals.Group(group), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var members = ArenaClient.Read<List<GroupMember>>(text, "members");
            TableOutput.Write(context, ["userName", "displayName", "role", "joinedAt"],
                members.Select(m => new object?[] { m.UserName, new UntrustedText(m.DisplayName), m.Role, m.JoinedAt }), context.Parse.GetValue(formats.Csv));
            return CommandLine.Ok;
        });
        return command;
    }

    static Command List(CliHost host)
    {
        var formats = new FormatOptions();
        var command = new Command("list", "List the groups you are in: slug, name, role");
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            using var client = context.Connect();
            client.RequireToken();
            var text = await client.GetTextAsync("api/groups", new Refusals("this server has no study groups"), cancellation);
            if (context.Parse.GetValue(formats.Json))
            {
                FormatOptions.WriteJson(context, text);
                return CommandLine.Ok;
            }
            var groups = ArenaClient.Read<List<GroupSummary>>(text, "groups");
            TableOutput.Write(context, ["slug", "name", "role"], groups.Select(g => new object?[] { g.Slug, new UntrustedText(g.Name), g.Role }),
                context.Parse.GetValue(formats.Csv));
            return CommandLine.Ok;
        });
        return command;
    }
}

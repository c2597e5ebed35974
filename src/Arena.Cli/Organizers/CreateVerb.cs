using System.CommandLine;
using System.IO.Compression;
using Arena.Cli.Client;
using Arena.Cli.Competitions;
using Arena.Cli.Output;

namespace Arena.Cli.Organizers;

/// <summary>
/// <c>arena c create BUNDLE_DIR_OR_ZIP [--group SLUG]</c>: uploads a bundle as a draft that only its organizers see,
/// then prints the pre-publish report. A folder is zipped first; a .zip goes as it is.
/// </summary>
public static class CreateVerb
{
    public static Command Create(CliHost host)
    {
        var bundle = new Argument<string>("BUNDLE_DIR_OR_ZIP") { Description = "a competition bundle: its folder, or a zip of it (see competitions/README.md)" };
        var group = new Option<string?>("--group", "-g") { Description = "the study group the competition is for (only its members will see it)" };
        var formats = new FormatOptions();
        var command = new Command("create", "Upload a competition bundle as a draft and print its pre-publish report") { bundle, group };
        formats.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var path = context.Parse.GetRequiredValue(bundle);
            using var client = context.Connect();
            client.RequireToken();
            var zip = Zip(path);
            DraftCreated created;
            try
            {
                created = await UploadAsync(context, client, zip, Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), context.Parse.GetValue(group), cancellation);
            }
            finally
            {
                if (zip.IsTemporary) zip.File.Delete();
            }
            var json = context.Parse.GetValue(formats.Json) || context.Parse.GetValue(formats.Csv);
            if (!json) context.Output.WriteLine($"Created the draft {created.Slug}; only its organizers see it until it is published");
            var exit = CheckReportOutput.Write(context, formats, created.Slug, await CheckReportOutput.ReadAsync(client, created.Slug, cancellation));
            if (exit == CommandLine.Ok && !json) context.Output.WriteLine($"Publish it with: arena c publish {created.Slug}");
            return exit;
        });
        return command;
    }

    sealed record BundleZip(FileInfo File, bool IsTemporary);

    /// <summary>A folder is zipped into a temporary file, so that the upload streams (with progress) like any other.</summary>
    static BundleZip Zip(string path)
    {
        if (Directory.Exists(path))
        {
            var target = new FileInfo(Path.Combine(Path.GetTempPath(), $"arena-bundle-{Guid.NewGuid():N}.zip"));
            ZipFile.CreateFromDirectory(path, target.FullName, CompressionLevel.Optimal, includeBaseDirectory: false);
            target.Refresh();
            return new BundleZip(target, IsTemporary: true);
        }
        var file = new FileInfo(path);
        if (!file.Exists) throw CliException.Usage($"no bundle folder or zip '{path}'");
        return new BundleZip(file, IsTemporary: false);
    }

    static async Task<DraftCreated> UploadAsync(CliContext context, ArenaClient client, BundleZip zip, string name, string? group, CancellationToken cancellation)
    {
        var refusals = group is null
            ? new Refusals("this server has no competition upload (is it an Arena server?)", Forbidden: "only admins and organizers may create competitions")
            : new Refusals($"no group '{group}' that you are a member of", Forbidden: $"only the owner and organizers of '{group}' may create its competitions");
        var text = await Terminal.WithProgressAsync(context, $"Uploading {name}", zip.File.Length, progress =>
        {
            var form = new MultipartFormDataContent { { new ProgressFileContent(zip.File.FullName, progress), "bundle", name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? name : name + ".zip" } };
            if (group is not null) form.Add(new StringContent(group), "group");
            return client.PostTextAsync("api/competitions", form, refusals, cancellation, transfer: true);
        });
        return ArenaClient.Read<DraftCreated>(text, "create");
    }
}

using System.CommandLine;
using System.IO.Compression;
using Arena.Cli.Client;
using Arena.Cli.Output;

namespace Arena.Cli.Competitions;

/// <summary><c>arena c files</c> and <c>arena c download</c>: the competition's public data.</summary>
public static class FilesVerbs
{
    static readonly string[] Columns = ["name", "size", "creationDate"];

    public static Command Files(CliHost host) => TableVerb.Create<List<CompetitionFile>>(host, "files", "List a competition's data files", "/files", Columns,
        files => files.Select(f => new object?[] { f.Name, new ByteSize(f.Size), f.CreationDate }), signedIn: false);

    public static Command Download(CliHost host)
    {
        var competition = new CompetitionArgument();
        var file = new Option<string?>("--file", "-f") { Description = "one file (default: every file, into SLUG.zip)" };
        var path = new Option<string?>("--path", "-p") { Description = "the folder to save into (default: the current folder)" };
        var force = new Option<bool>("--force", "-o") { Description = "overwrite a file that is already there" };
        var command = new Command("download", "Download a competition's data: every file as SLUG.zip, or one with -f") { file, path, force };
        competition.AddTo(command);
        command.SetAction(host, async (context, cancellation) =>
        {
            var slug = competition.Resolve(context);
            var folder = Path.GetFullPath(context.Parse.GetValue(path) ?? ".");
            var one = context.Parse.GetValue(file);
            // The server names files; only the last segment is used locally, so no name can write outside the folder.
            var target = Path.Combine(folder, one is null ? $"{Path.GetFileName(slug)}.zip" : Path.GetFileName(one));
            if (File.Exists(target) && !context.Parse.GetValue(force))
            {
                context.Output.WriteLine($"{target} already exists; use --force to download it again");
                return CommandLine.Ok;
            }
            Directory.CreateDirectory(folder);
            using var client = context.Connect();
            var partial = target + ".part";
            try
            {
                if (one is null) await DownloadAllAsync(context, client, slug, partial, cancellation);
                else await DownloadOneAsync(context, client, slug, one, partial, cancellation);
                File.Move(partial, target, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            context.Output.WriteLine($"Downloaded {target}");
            return CommandLine.Ok;
        });
        return command;
    }

    static async Task DownloadOneAsync(CliContext context, ArenaClient client, string slug, string name, string target, CancellationToken cancellation)
    {
        await using var output = File.Create(target);
        await CopyFileAsync(context, client, slug, name, output, cancellation);
    }

    /// <summary>The server serves files one by one; the zip is put together here, streaming each file into its entry.</summary>
    static async Task DownloadAllAsync(CliContext context, ArenaClient client, string slug, string target, CancellationToken cancellation)
    {
        var files = await client.GetAsync<List<CompetitionFile>>(ApiPaths.Competition(slug, "/files"), Refusals.Competition(slug), cancellation);
        if (files.Count == 0) throw new CliException($"competition '{slug}' has no files to download");
        await using var output = File.Create(target);
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create);
        foreach (var f in files)
        {
            await using var entry = await zip.CreateEntry(f.Name, CompressionLevel.Optimal).OpenAsync(cancellation);
            await CopyFileAsync(context, client, slug, f.Name, entry, cancellation);
        }
    }

    static async Task CopyFileAsync(CliContext context, ArenaClient client, string slug, string name, Stream output, CancellationToken cancellation)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Competition(slug, $"/files/{Uri.EscapeDataString(name)}")),
                new Refusals($"no file '{name}' in competition '{slug}'"), cancellation, transfer: true);
        }
        catch (CliException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            if (await ExistsAsync(client, slug, cancellation)) throw;
            throw new CliException(Refusals.Competition(slug).NotFound);
        }
        using (response)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellation);
            await Terminal.WithProgressAsync(context, name, response.Content.Headers.ContentLength, async progress =>
            {
                var buffer = new byte[1 << 16];
                long received = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, cancellation)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellation);
                    progress(received += read);
                }
                return received;
            });
        }
    }

    /// <summary>Tells "no such file" from "no such competition" after a 404 for a file.</summary>
    static async Task<bool> ExistsAsync(ArenaClient client, string slug, CancellationToken cancellation)
    {
        try
        {
            await client.GetTextAsync(ApiPaths.Competition(slug), Refusals.Competition(slug), cancellation);
            return true;
        }
        catch (CliException)
        {
            return false;
        }
    }
}

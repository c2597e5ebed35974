using Arena.Cli.Client;
using Arena.Cli.Output;

namespace Arena.Cli.Competitions;

/// <summary>A submission file sent as the server's multipart form (<c>file</c>, <c>description</c>), with upload progress.</summary>
public static class Uploads
{
    public static FileInfo Existing(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists) throw CliException.Usage($"no file '{path}'");
        return file;
    }

    public static Task<string> SendAsync(CliContext context, ArenaClient client, string apiPath, FileInfo file, string? description,
        Refusals refusals, CancellationToken cancellation) =>
        Terminal.WithProgressAsync(context, $"Uploading {file.Name}", file.Length, progress =>
        {
            var form = new MultipartFormDataContent { { new ProgressFileContent(file.FullName, progress), "file", file.Name } };
            if (description is not null) form.Add(new StringContent(description), "description");
            return client.PostTextAsync(apiPath, form, refusals, cancellation, transfer: true);
        });

    /// <summary>One line per error, each naming the file, line, column and id: <c>sub.csv: line 5, column 'target': …</c>.</summary>
    public static void WriteErrors(TextWriter error, string fileName, IReadOnlyList<SubmissionError> errors, long errorCount)
    {
        foreach (var e in errors) error.WriteLine($"{fileName}: {e}");
        if (errorCount > errors.Count) error.WriteLine($"{fileName}: … and {errorCount - errors.Count} more errors");
    }
}

using Arena.Server.Operations;
using Arena.Server.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Arena.Server.Submissions;

/// <summary>
/// A received upload: the local file it was streamed to (in the uploads folder; the caller hands it to the file store
/// or deletes it), or the problem to answer with.
/// </summary>
public sealed record Upload(string? LocalPath, string FileName, string Description, long Size, IResult? Problem);

/// <summary>
/// Streams a multipart upload (fields <c>file</c> and <c>description</c>) straight to a local file, counting bytes, so
/// memory never holds the file and an oversized body is cut off with 413 as soon as it passes the limit.
/// </summary>
public sealed class UploadReader(DataPaths paths)
{
    /// <summary>Room for the form's headers and its description field on top of the file itself.</summary>
    const long FormOverhead = 64 * 1024;
    const int MaxDescriptionLength = 1000;

    public async Task<Upload> ReceiveAsync(HttpContext http, long maxBytes, CancellationToken cancellation)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes + FormOverhead;
        if (request.ContentLength > maxBytes + FormOverhead) return Failed(Problems.TooLarge(maxBytes));
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return Failed(Problems.BadRequest("Send the file as multipart/form-data with a 'file' field (and an optional 'description')."));

        var target = paths.NewUploadFile();
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxBytes + FormOverhead };
        string? fileName = null;
        var description = "";
        long size = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellation) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                if (disposition.IsFileDisposition() && disposition.Name.Value == "file")
                {
                    if (fileName is not null) return Failed(Problems.BadRequest("Send one file per submission."), target);
                    fileName = Path.GetFileName(disposition.FileName.Value ?? disposition.FileNameStar.Value ?? "submission.csv");
                    size = await CopyAsync(section.Body, target, maxBytes, cancellation);
                    if (size > maxBytes) return Failed(Problems.TooLarge(maxBytes), target);
                }
                else if (disposition.IsFormDisposition() && disposition.Name.Value == "description")
                {
                    var text = await section.ReadAsStringAsync(cancellation);
                    description = text.Length > MaxDescriptionLength ? text[..MaxDescriptionLength] : text;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Failed(Problems.TooLarge(maxBytes), target);
        }
        catch (InvalidDataException e)
        {
            return Failed(Problems.BadRequest($"The multipart body is malformed: {e.Message}"), target);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            File.Delete(target);
            throw;
        }
        if (fileName is null) return Failed(Problems.BadRequest("The form has no 'file' field."), target);
        return new Upload(target, fileName, description.Trim(), size, null);
    }

    /// <summary>Copies at most one byte past the limit, which is enough to know the file is too large.</summary>
    internal static async Task<long> CopyAsync(Stream source, string target, long maxBytes, CancellationToken cancellation)
    {
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
        {
            total += read;
            if (total > maxBytes) return total;
            await file.WriteAsync(buffer.AsMemory(0, read), cancellation);
        }
        // On disk, not just in the OS cache, before the row that points at it is committed.
        file.Flush(flushToDisk: true);
        return total;
    }

    static Upload Failed(IResult problem, string? partialFile = null)
    {
        if (partialFile is not null) File.Delete(partialFile);
        return new Upload(null, "", "", 0, problem);
    }
}

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
                    // Only the kept prefix is read into memory; the reader skips the rest of a huge field by itself.
                    using var text = new StreamReader(section.Body);
                    var kept = new char[MaxDescriptionLength];
                    description = new string(kept, 0, await text.ReadBlockAsync(kept, cancellation));
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Failed(Problems.TooLarge(maxBytes), target);
        }
        catch (Exception e) when (BodyProblem(e, http) is { } problem)
        {
            return Failed(problem, target);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            File.Delete(target);
            throw;
        }
        if (fileName is null) return Failed(Problems.BadRequest("The form has no 'file' field."), target);
        return new Upload(target, fileName, description.Trim(), size, null);
    }

    /// <summary>
    /// The caller's fault while the body was read, as a 4xx rather than the 500 an escaping exception becomes: Kestrel's
    /// own refusals (408 when data arrives slower than MinRequestBodyDataRate, as a slowloris upload does; 400 when the
    /// body ends before its Content-Length), a malformed part, and a body that ends before the closing boundary (the
    /// reader's bare IOException). Null when the client has gone away, which needs no answer.
    /// </summary>
    internal static IResult? BodyProblem(Exception e, HttpContext http) => e switch
    {
        _ when http.RequestAborted.IsCancellationRequested => null,
        BadHttpRequestException bad => TypedResults.Problem(bad.Message, statusCode: bad.StatusCode,
            title: bad.StatusCode == StatusCodes.Status408RequestTimeout ? "Upload too slow" : "Bad request"),
        InvalidDataException => Problems.BadRequest($"The multipart body is malformed: {e.Message}"),
        IOException => Problems.BadRequest("The multipart body ended before its closing boundary: the upload was cut short or is not complete multipart."),
        _ => null,
    };

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

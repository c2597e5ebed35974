using Arena.Server.Operations;
using Arena.Server.Submissions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Arena.Server.Drafts;

/// <summary>A received bundle upload: the zip on disk and the optional group slug, or the problem to answer with.</summary>
internal sealed record BundleUpload(bool Received, string? Group, IResult? Problem)
{
    /// <summary>Room for the form's headers and the group field on top of the zip itself.</summary>
    const long FormOverhead = 64 * 1024;
    const int MaxGroupLength = 200;

    /// <summary>
    /// Streams the multipart fields <c>bundle</c> (the zip) and <c>group</c> to <paramref name="zipPath"/> and memory, as
    /// <see cref="UploadReader"/> does for submissions: the zip never sits in memory and an oversized body is cut off.
    /// </summary>
    public static async Task<BundleUpload> ReceiveAsync(HttpContext http, string zipPath, long maxBytes, CancellationToken cancellation)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes + FormOverhead;
        if (request.ContentLength > maxBytes + FormOverhead) return Failed(TooLarge(maxBytes));
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return Failed(Problems.BadRequest("Send the bundle as multipart/form-data with a 'bundle' field (a zip) and an optional 'group'."));

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxBytes + FormOverhead };
        var received = false;
        string? group = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellation) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                if (disposition.Name.Value == "bundle" && disposition.IsFileDisposition())
                {
                    if (received) return Failed(Problems.BadRequest("Send one bundle per request."));
                    received = true;
                    if (await UploadReader.CopyAsync(section.Body, zipPath, maxBytes, cancellation) > maxBytes) return Failed(TooLarge(maxBytes));
                }
                else if (disposition.Name.Value == "group" && disposition.IsFormDisposition())
                {
                    // A slug is short; reading a bounded prefix keeps a huge field out of memory.
                    using var text = new StreamReader(section.Body);
                    var value = new char[MaxGroupLength];
                    var length = await text.ReadBlockAsync(value, cancellation);
                    group = new string(value, 0, length).Trim() is { Length: > 0 } slug ? slug : null;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Failed(TooLarge(maxBytes));
        }
        catch (Exception e) when (UploadReader.BodyProblem(e, http) is { } problem)
        {
            return Failed(problem);
        }
        return received ? new BundleUpload(true, group, null) : Failed(Problems.BadRequest("The form has no 'bundle' file field."));
    }

    static BundleUpload Failed(IResult problem) => new(false, null, problem);

    static IResult TooLarge(long maxBytes) =>
        TypedResults.Problem($"The bundle is larger than the server's limit of {maxBytes} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large",
            extensions: new Dictionary<string, object?> { ["maxBundleBytes"] = maxBytes });
}

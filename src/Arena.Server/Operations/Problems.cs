using Arena.Data.Entities;
using Arena.Server.Submissions;

namespace Arena.Server.Operations;

/// <summary>RFC 9457 problem details for the API's refusals.</summary>
public static class Problems
{
    public static IResult Conflict(string detail, Dictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Not possible now", extensions: extensions);

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static IResult TooLarge(long maxBytes) =>
        TypedResults.Problem($"The upload is larger than this competition's limit of {maxBytes} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large",
            extensions: new Dictionary<string, object?> { ["maxUploadBytes"] = maxBytes });

    /// <summary>429 with Retry-After, how many remain (none) and when the count resets (midnight UTC).</summary>
    public static IResult TooManySubmissions(Competition competition, DateTime now)
    {
        var resetsAt = Quotas.NextReset(now);
        return new TooManyResult(resetsAt, TypedResults.Problem(
            $"You have used all {competition.DailySubmissionLimit} submissions for today. Failed submissions do not count. The count resets at {resetsAt:yyyy-MM-ddTHH:mm:ssZ}.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Daily submission limit reached",
            extensions: new Dictionary<string, object?> { ["remaining"] = 0, ["limit"] = competition.DailySubmissionLimit, ["resetsAt"] = resetsAt }), now);
    }

    sealed class TooManyResult(DateTime resetsAt, IResult inner, DateTime now) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var seconds = (int)Math.Ceiling((resetsAt - now).TotalSeconds);
            httpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}

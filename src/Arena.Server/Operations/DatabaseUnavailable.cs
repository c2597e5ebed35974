using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Arena.Server.Operations;

/// <summary>
/// The database cannot be reached (stopped, restarting, failing over, or every pooled connection is busy): the request
/// failed for now and may well succeed in a few seconds, so it gets 503 with <c>Retry-After</c> and problem details
/// rather than a bare 500 that tells a client nothing and an operator "bug". Nothing is accepted in between: a
/// submission is answered 202 only after its row is committed (see SubmissionsApi).
/// </summary>
public sealed class DatabaseUnavailable(IProblemDetailsService problems, ILogger<DatabaseUnavailable> log) : IExceptionHandler
{
    /// <summary>Long enough for a restart or a failover to finish, short enough that a waiting upload is not given up.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception) || httpContext.Response.HasStarted) return false;
        log.LogWarning("{Method} {Path}: the database is unavailable ({Reason}); answered 503", httpContext.Request.Method, httpContext.Request.Path,
            Innermost(exception).Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"The database is unavailable for the moment; nothing was saved. Try again in {RetryAfterSeconds} seconds.",
            },
        });
    }

    /// <summary>
    /// A connection failure or a server going away anywhere in the chain (EF and Hangfire wrap Npgsql's exceptions):
    /// Npgsql's own judgement (<see cref="NpgsqlException.IsTransient"/>: sockets, timeouts, pool exhaustion, a server
    /// shutting down or not yet accepting connections), or a bare socket error or timeout.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SocketException or TimeoutException) return true;
            if (e is AggregateException aggregate) return aggregate.InnerExceptions.Any(IsTransient);
        }
        return false;
    }

    static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null) exception = exception.InnerException;
        return exception;
    }
}

using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Arena.Server.Scoring;

/// <summary>
/// Hangfire keeps one process-wide log provider. When several hosts share a process (the test suite), the last one
/// registered wins, and after it is disposed its logger factory throws; this wrapper drops those lines instead.
/// </summary>
internal sealed class TolerantLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new TolerantLog(_inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new TolerantLog(null);
        }
    }

    sealed class TolerantLog(ILog? inner) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner is not null && inner.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}

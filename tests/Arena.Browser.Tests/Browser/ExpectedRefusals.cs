namespace Arena.Browser.Tests.Browser;

public static class ExpectedRefusals
{
    /// <summary>
    /// Like <see cref="Visitor.AssertNoConsoleErrors"/>, except that Chromium logs every 4xx answer (a 404 page, an API
    /// call a test made fail on purpose) as a failed load: those statuses are expected, any other error is not.
    /// </summary>
    public static void AssertNoConsoleErrorsExcept(this Visitor visitor, params int[] statuses) =>
        Assert.All(visitor.ConsoleErrors, message => Assert.Contains(statuses,
            status => message.StartsWith($"Failed to load resource: the server responded with a status of {status} ", StringComparison.Ordinal)));
}

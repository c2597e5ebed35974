namespace Arena.Cli.Config;

/// <summary>The server, token and default competition a command runs with, and where each came from.</summary>
public sealed record Settings(Uri? Url, string? Token, string? Competition, string UrlSource, string TokenSource)
{
    public const string UrlVariable = "ARENA_URL";
    public const string TokenVariable = "ARENA_TOKEN";

    /// <summary>ARENA_URL and ARENA_TOKEN override the file, so CI jobs and notebooks need no file at all.</summary>
    public static Settings Resolve(StoredConfig stored, Func<string, string?> environment)
    {
        var envUrl = environment(UrlVariable);
        var envToken = environment(TokenVariable);
        var url = !string.IsNullOrWhiteSpace(envUrl) ? envUrl : stored.Url;
        var token = !string.IsNullOrWhiteSpace(envToken) ? envToken.Trim() : stored.Token;
        return new Settings(
            url is null ? null : ParseUrl(url),
            string.IsNullOrEmpty(token) ? null : token,
            string.IsNullOrWhiteSpace(stored.Competition) ? null : stored.Competition,
            !string.IsNullOrWhiteSpace(envUrl) ? UrlVariable : "file",
            !string.IsNullOrWhiteSpace(envToken) ? TokenVariable : "file");
    }

    /// <summary>
    /// Accepts <c>localhost:5000</c> as <c>http://localhost:5000/</c>. The trailing slash matters: API paths are resolved
    /// relative to it, so a server behind a path prefix (<c>https://host/arena/</c>) works too.
    /// </summary>
    public static Uri ParseUrl(string text)
    {
        text = text.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            throw CliException.Usage($"'{text}' is not a server URL such as http://localhost:5000");
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}

using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Arena.Server.Web;

/// <summary>
/// Organizers' markdown (overviews, descriptions) rendered on the server. Raw HTML is escaped rather than passed
/// through, and links may only go to http(s), mailto or this site, so a <c>&lt;script&gt;</c> or a
/// <c>javascript:</c> link is shown as text or dropped, never run. The Content-Security-Policy is the second wall.
/// </summary>
public static class SafeMarkdown
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().UseTaskLists().UseMathematics()
        .DisableHtml()
        .Build();

    public static string ToHtml(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url)) link.Url = "";
        }
        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!IsSafeUrl(autolink.Url)) autolink.Url = "";
        }
        return document.ToHtml(Pipeline);
    }

    static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        if (url.StartsWith('#') || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))) return true;
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var absolute)
            ? absolute.Scheme is "http" or "https" or "mailto"
            : !url.Contains(':', StringComparison.Ordinal);
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arena.Server.Pages;

/// <summary>The page a browser sees for a 4xx or 5xx (the API keeps its problem details).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    void Describe(int code)
    {
        (Heading, Explanation) = code switch
        {
            404 => ("Not found", "There is nothing here, or it is not visible to you. Group competitions are visible to the group's members only."),
            403 => ("Not allowed", "Your account may not do this."),
            400 => ("Bad request", "The request could not be understood. Reload the page and try again."),
            413 => ("Too large", "The upload is larger than this server accepts."),
            _ when code >= 500 => ("Something went wrong", "The server could not finish this request. Nothing you submitted before is lost; try again in a moment."),
            _ => ($"Error {code}", "The request did not succeed."),
        };
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null) Response.StatusCode = code is >= 400 and < 600 ? code : 404;
    }
}

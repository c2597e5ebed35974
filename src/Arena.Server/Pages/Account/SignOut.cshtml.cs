using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arena.Server.Pages.Account;

/// <summary>
/// Signing out is a POST with an anti-forgery token, so another site cannot sign a visitor out. Only the cookie
/// scheme is registered, so this signs out of it directly (SignInManager would also try the external schemes).
/// </summary>
public sealed class SignOutModel : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return LocalRedirect("/");
    }
}

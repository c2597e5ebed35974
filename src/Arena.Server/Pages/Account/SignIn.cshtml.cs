using Arena.Data.Entities;
using Arena.Server.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arena.Server.Pages.Account;

public sealed class SignInModel(SignInManager<ArenaUser> signIn, PasswordSignIn passwords) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your user name and password.";
            return Page();
        }
        var check = await passwords.CheckAsync(UserName, Password, HttpContext);
        if (check.User is null)
        {
            Error = check.Message;
            // The page answers like the API, so that a script driving the form is slowed down too.
            if (check.Refusal == SignInRefusal.TooManyFailures)
            {
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = check.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return Page();
        }
        await signIn.SignInAsync(check.User, isPersistent: true);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}

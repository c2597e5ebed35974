using Arena.Data.Entities;
using Arena.Server.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arena.Server.Pages.Account;

public sealed class SignUpModel(Registration registration, UserManager<ArenaUser> users, SignInManager<ArenaUser> signIn) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    /// <summary>Where to go once signed up, as on the sign-in page: an invite link brings a newcomer back to it.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public Dictionary<string, string[]> Problems { get; private set; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var (created, problems) = await registration.CreateAccountAsync(new RegisterRequest(UserName, Email, Password));
        if (created is null)
        {
            Problems = problems;
            return Page();
        }
        await signIn.SignInAsync((await users.FindByIdAsync(created.Id.ToString()))!, isPersistent: true);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}

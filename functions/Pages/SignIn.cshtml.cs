using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

/// <summary>Local sign-in (Identity mode "Keys"): the key goes into an HttpOnly, SameSite=Strict cookie.</summary>
public sealed class SignInModel(IOptionsMonitor<IdentityOptions> identity) : PageModel
{
    public string ReturnUrl { get; private set; } = "/procurements";

    public string? Error { get; private set; }

    public bool AppServiceMode => Options.Mode.Equals("AppService", StringComparison.OrdinalIgnoreCase);

    private IdentityOptions Options => identity.Get(IdentityHandler.SchemeName);

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturn(returnUrl);

    public IActionResult OnPost(string? key, string? returnUrl)
    {
        ReturnUrl = SafeReturn(returnUrl);
        if (AppServiceMode || string.IsNullOrWhiteSpace(key) || IdentityHandler.UserFor(Options, key.Trim()) is not { } user)
        {
            Error = HttpContext.T("This key is not known. Check it and try again.", "Cette clé n'est pas reconnue. Vérifiez-la et réessayez.");
            return Page();
        }
        Response.Cookies.Append(IdentityHandler.KeyCookie, key.Trim(), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = Request.IsHttps, IsEssential = true,
        });
        var landing = user.HasClaim(System.Security.Claims.ClaimTypes.Role, Roles.ProjectManager) || ReturnUrl != "/procurements" ? ReturnUrl : "/";
        return LocalRedirect(landing);
    }

    /// <summary>Only a local path: never an open redirect.</summary>
    private static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] != '/' && returnUrl[1] != '\\' ? returnUrl : "/procurements";
}

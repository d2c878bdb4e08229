using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost()
    {
        Response.Cookies.Delete(IdentityHandler.KeyCookie);
        return Redirect("/");
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

/// <summary>What the sign-in page shows: where to go afterwards, the error next to the key field, or App Service's sign-in.</summary>
public sealed record SignInModel(string ReturnUrl, bool AppServiceMode, string? Error = null);

/// <summary>Local sign-in (Identity mode "Keys"): the key goes into an HttpOnly, SameSite=Strict cookie; sign-out removes it.</summary>
public sealed class SignInPages(IOptionsMonitor<IdentityOptions> identity)
{
    private IdentityOptions Options => identity.Get(IdentityHandler.SchemeName);

    private bool AppServiceMode => Options.Mode.Equals("AppService", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>GET /signin?returnUrl=</c> shows the form; <c>POST</c> checks the key and goes back to the page asked for.</summary>
    [Function(nameof(SignIn))]
    public async Task<IActionResult> SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "signin")] HttpRequest request)
    {
        var http = request.HttpContext;
        if (HttpMethods.IsGet(request.Method))
        {
            return PageView.Of(http, "SignIn", new SignInModel(PageView.SafeReturn(request.Query["returnUrl"], "/procurements"), AppServiceMode));
        }
        var form = await FormBody.ReadAsync(request, http.RequestAborted);
        var returnUrl = PageView.SafeReturn(form["returnUrl"], "/procurements");
        var key = form["key"].ToString().Trim();
        if (AppServiceMode || key.Length == 0 || IdentityHandler.UserFor(Options, key) is not { } user)
        {
            var error = http.T("This key is not known. Check it and try again.", "Cette clé n'est pas reconnue. Vérifiez-la et réessayez.");
            return PageView.Of(http, "SignIn", new SignInModel(returnUrl, AppServiceMode, error), StatusCodes.Status400BadRequest);
        }
        http.Response.Cookies.Append(IdentityHandler.KeyCookie, key, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = request.IsHttps, IsEssential = true,
        });
        var landing = user.HasClaim(ClaimTypes.Role, Roles.ProjectManager) || returnUrl != "/procurements" ? returnUrl : "/";
        return new LocalRedirectResult(landing);
    }

    /// <summary><c>POST /signout</c> removes the sign-in cookie; <c>GET</c> just goes home.</summary>
    [Function(nameof(SignOut))]
    public IActionResult SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "signout")] HttpRequest request)
    {
        if (HttpMethods.IsPost(request.Method))
        {
            request.HttpContext.Response.Cookies.Delete(IdentityHandler.KeyCookie);
        }
        return new RedirectResult("/");
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

/// <summary>What the sign-in page shows: where to go afterwards, the error next to the key field, or App Service's sign-in.</summary>
public sealed record SignInModel(string ReturnUrl, bool AppServiceMode, string? Error = null, bool SignedOut = false);

/// <summary>Local sign-in (Identity mode "Keys"): the key goes into an HttpOnly, SameSite=Strict cookie; sign-out removes it.</summary>
public sealed class SignInPages(IOptionsMonitor<IdentityOptions> identity, SignInSessions sessions)
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
            return PageView.Of(http, "SignIn", new SignInModel(PageView.SafeReturn(request.Query["returnUrl"], Home), AppServiceMode,
                SignedOut: request.Query["signedOut"] == "1" && http.User.Identity?.IsAuthenticated != true));
        }
        var form = await FormBody.ReadAsync(request, http.RequestAborted);
        var returnUrl = PageView.SafeReturn(form["returnUrl"], Home);
        var key = form["key"].ToString().Trim();
        if (AppServiceMode || key.Length == 0 || IdentityHandler.UserFor(Options, key) is not { } user)
        {
            var error = http.T("This key is not known. Check it and try again.", "Cette clé n'est pas reconnue. Vérifiez-la et réessayez.");
            return PageView.Of(http, "SignIn", new SignInModel(returnUrl, AppServiceMode, error), StatusCodes.Status400BadRequest);
        }
        http.Response.Cookies.Append(IdentityHandler.KeyCookie, sessions.Start(user.FindFirst(ClaimTypes.NameIdentifier)!.Value), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = request.IsHttps, IsEssential = true,
        });
        // No page asked for: each role lands on its home (issue #9).
        return new LocalRedirectResult(returnUrl == Home ? IdentityRegistration.HomeOf(new ClaimsPrincipal(user)) : returnUrl);
    }

    /// <summary>The return address that means "no page asked for": the user's home, decided at sign-in.</summary>
    private const string Home = "/home";

    /// <summary>
    /// <c>POST /signout</c> ends the session: removes the sign-in cookie and shows the sign-in page, signed out. Its form
    /// token is checked as every form's (issue 13): a post from another site, same-site ports included, gets the "form
    /// expired" page and signs nobody out; a post from a page of this site (<see cref="FormCheck.FromThisSite"/>) whose
    /// token expired still signs out, so that signing out works from every page, however old (issue 9).
    /// With App Service Authentication the platform's session ends at <c>/.auth/logout</c>. <c>GET</c> just goes home.
    /// </summary>
    [Function(nameof(SignOut))]
    [ShowsExpiredForm]
    public IActionResult SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "signout")] HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return new RedirectResult("/");
        }
        if (AppServiceMode)
        {
            return new RedirectResult("/.auth/logout?post_logout_redirect_uri=/");
        }
        if (request.Cookies[IdentityHandler.KeyCookie] is { } ticket)
        {
            sessions.End(ticket); // a copy of the cookie signs nobody in any more
        }
        request.HttpContext.Response.Cookies.Delete(IdentityHandler.KeyCookie, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = request.IsHttps, IsEssential = true,
        });
        return new RedirectResult("/signin?signedOut=1");
    }
}

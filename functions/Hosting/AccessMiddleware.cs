using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// Only signed-in users in this role may call the function (any role when none is named). A page sends the browser
/// to sign in and answers a wrong role with the 403 page; the API answers 401/403 problem+json (<see cref="IdentityHandler"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequireRoleAttribute(string? role = null) : Attribute
{
    /// <summary>The role (<see cref="Roles"/>), or null for any signed-in user.</summary>
    public string? Role { get; } = role;
}

/// <summary>
/// The page shows its own form again, with what was posted, when the anti-forgery check of a post from this site fails
/// (its token or the browser's session expired): <see cref="AccessMiddleware"/> then calls the function with
/// <see cref="FormCheck.Expired"/> true, and the function must only show the form again — never act on the post.
/// A post from another site (its Origin or Sec-Fetch-Site says so) still gets the plain "form expired" page.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ShowsExpiredFormAttribute : Attribute;

/// <summary>What <see cref="AccessMiddleware"/> found about a page's form post.</summary>
public static class FormCheck
{
    private static readonly object Key = new();

    /// <summary>True when the post's anti-forgery check failed and the function (<see cref="ShowsExpiredFormAttribute"/>) may only show the form again.</summary>
    public static bool Expired(HttpContext http) => http.Items.ContainsKey(Key);

    internal static void MarkExpired(HttpContext http) => http.Items[Key] = true;

    /// <summary>A post the browser says came from a page of this site: Sec-Fetch-Site "same-origin", or an Origin equal to ours.</summary>
    internal static bool FromThisSite(HttpContext http)
    {
        var request = http.Request;
        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site)
        {
            return site == "same-origin";
        }
        return request.Headers.Origin.ToString() is { Length: > 0 } origin
            && string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// Around every HTTP function (worker middleware): signs the caller in (<see cref="IdentityHandler"/>: bearer key,
/// sign-in cookie, or App Service Authentication's headers), enforces <see cref="RequireRoleAttribute"/>, checks the
/// anti-forgery token of every form a page posts (any unsafe method outside <c>/api</c>; a browser gets a page saying
/// the form expired — or, on a page marked <see cref="ShowsExpiredFormAttribute"/>, that page's own form again with what
/// was typed — others a 400 problem; a body the check cannot read throws, for <see cref="ProblemMiddleware"/>), applies
/// <see cref="RequestBodyLimitAttribute"/>, answers 429 to a client that tried too many wrong keys (<see cref="KeyGuard"/>), and sets the security
/// headers every answer carries (<see cref="PageSecurity"/>). Queue and timer functions pass straight through.
/// </summary>
internal sealed class AccessMiddleware(IAntiforgery antiforgery, KeyGuard keyGuard, Microsoft.Extensions.Options.IOptionsMonitor<IdentityOptions> identity)
    : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, (RequireRoleAttribute? Role, RequestBodyLimitAttribute? BodyLimit, bool ShowsExpiredForm)> Rules = new();

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        PageSecurity.AddHeaders(http);
        var rules = Rules.GetOrAdd(context.FunctionDefinition.EntryPoint, RulesOf);
        if (rules.BodyLimit is { } limit && limit.AppliesTo(http.Request.Query["handler"])
            && http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit.Bytes;
        }
        var checksKey = ChecksKey(context, http);
        if (checksKey && keyGuard.IsLockedOut(http, out var retryAfter))
        {
            await KeyGuard.RefuseAsync(http, retryAfter);
            return;
        }
        var signIn = await http.AuthenticateAsync(IdentityHandler.SchemeName);
        if (signIn.Succeeded)
        {
            http.User = signIn.Principal;
        }
        else if (KeysMode && IdentityHandler.BearerKey(http.Request) is { Length: > 0 } && !keyGuard.TryRecordFailure(http, out var wait))
        {
            await KeyGuard.RefuseAsync(http, wait); // a key nobody holds, one too many
            return;
        }
        if (rules.Role is { } requirement)
        {
            if (!signIn.Succeeded)
            {
                await http.ChallengeAsync(IdentityHandler.SchemeName);
                return;
            }
            if (requirement.Role is { } role && !http.User.IsInRole(role))
            {
                await http.ForbidAsync(IdentityHandler.SchemeName);
                return;
            }
        }
        // The catch-all for unknown addresses changes nothing: whatever is posted there is a 404, not an expired form.
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !http.Request.Path.StartsWithSegments("/api")
            && context.FunctionDefinition.Name != nameof(Api.SiteFunctions.NoSuchAddress)
            && !await antiforgery.IsRequestValidAsync(http))
        {
            if (rules.ShowsExpiredForm && Pages.ErrorPages.ForBrowser(http) && FormCheck.FromThisSite(http))
            {
                FormCheck.MarkExpired(http); // the page shows its form again with what was typed, and saves nothing
                await next(context);
                return;
            }
            if (Pages.ErrorPages.ForBrowser(http))
            {
                await Pages.ErrorPages.WriteAsync(http, Pages.ErrorPages.FormExpired(http));
                return;
            }
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: http.T(
                "This form has expired or did not come from this site. Go back, reload the page and send it again.",
                "Ce formulaire a expiré ou ne vient pas de ce site. Revenez en arrière, rechargez la page et renvoyez-le.")).ExecuteAsync(http);
            return;
        }
        var signingIn = context.FunctionDefinition.Name == nameof(Pages.SignInPages.SignIn);
        if (checksKey && (signingIn || context.BindingContext.BindingData.ContainsKey("token")))
        {
            // A wrong sign-in key (400) or a supplier link that does not exist (404) counts against the address. Read when
            // the answer starts: a function's result is written after this middleware returns, so the status is not
            // known earlier.
            http.Response.OnStarting(() =>
            {
                // Only a wrong key counts: a supplier's bad answer (400 on a valid link) is no guess.
                if (http.Response.StatusCode == (signingIn ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound))
                {
                    keyGuard.RecordFailure(http);
                }
                return Task.CompletedTask;
            });
        }
        await next(context);
    }

    private bool KeysMode => !identity.Get(IdentityHandler.SchemeName).Mode.Equals("AppService", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether this request checks a secret that can be guessed (<see cref="KeyGuard"/>): it presents a key, posts the
    /// sign-in form, or opens a supplier link (a route with a <c>{token}</c>).
    /// </summary>
    private bool ChecksKey(FunctionContext context, HttpContext http) =>
        context.BindingContext.BindingData.ContainsKey("token")
        || (KeysMode && (IdentityHandler.BearerKey(http.Request) is { Length: > 0 }
            || (context.FunctionDefinition.Name == nameof(Pages.SignInPages.SignIn) && HttpMethods.IsPost(http.Request.Method))));

    /// <summary>The attributes on the function's method, found from its entry point ("Namespace.Type.Method").</summary>
    private static (RequireRoleAttribute?, RequestBodyLimitAttribute?, bool) RulesOf(string entryPoint)
    {
        var split = entryPoint.LastIndexOf('.');
        var method = typeof(AccessMiddleware).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..]);
        return (method?.GetCustomAttribute<RequireRoleAttribute>(), method?.GetCustomAttribute<RequestBodyLimitAttribute>(),
            method?.GetCustomAttribute<ShowsExpiredFormAttribute>() is not null);
    }
}

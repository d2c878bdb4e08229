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
/// A form whose anti-forgery check is skipped because a forged post can do no harm and a stale token must not stop it:
/// only sign-out (issue #9: signing out works from every page, whatever the age of the page).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AntiforgeryExemptAttribute : Attribute;

/// <summary>
/// Around every HTTP function (worker middleware): signs the caller in (<see cref="IdentityHandler"/>: bearer key,
/// sign-in cookie, or App Service Authentication's headers), enforces <see cref="RequireRoleAttribute"/>, checks the
/// anti-forgery token of every form a page posts (any unsafe method outside <c>/api</c>; a browser gets a page saying
/// the form expired, others a 400 problem; a body the check cannot read throws, for <see cref="ProblemMiddleware"/>), applies
/// <see cref="RequestBodyLimitAttribute"/>, and sets the security
/// headers every answer carries (<see cref="PageSecurity"/>). Queue and timer functions pass straight through.
/// </summary>
internal sealed class AccessMiddleware(IAntiforgery antiforgery) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, (RequireRoleAttribute? Role, RequestBodyLimitAttribute? BodyLimit, bool AntiforgeryExempt)> Rules = new();

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        PageSecurity.AddHeaders(http);
        var rules = Rules.GetOrAdd(context.FunctionDefinition.EntryPoint, RulesOf);
        if (rules.BodyLimit is { } limit && (limit.Handler is null || limit.Handler.Equals(http.Request.Query["handler"], StringComparison.OrdinalIgnoreCase))
            && http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit.Bytes;
        }
        var signIn = await http.AuthenticateAsync(IdentityHandler.SchemeName);
        if (signIn.Succeeded)
        {
            http.User = signIn.Principal;
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
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !http.Request.Path.StartsWithSegments("/api")
            && !rules.AntiforgeryExempt && !await antiforgery.IsRequestValidAsync(http))
        {
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
        await next(context);
    }

    /// <summary>The attributes on the function's method, found from its entry point ("Namespace.Type.Method").</summary>
    private static (RequireRoleAttribute?, RequestBodyLimitAttribute?, bool) RulesOf(string entryPoint)
    {
        var split = entryPoint.LastIndexOf('.');
        var method = typeof(AccessMiddleware).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..]);
        return (method?.GetCustomAttribute<RequireRoleAttribute>(), method?.GetCustomAttribute<RequestBodyLimitAttribute>(),
            method?.GetCustomAttribute<AntiforgeryExemptAttribute>() is not null);
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Api;

/// <summary>The home page, the health probe, the favicon and the static assets (CSS, scripts, icon) every page uses.</summary>
public sealed class SiteFunctions
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly System.Reflection.Assembly Assembly = typeof(SiteFunctions).Assembly;
    private static readonly HashSet<string> Assets =
        Assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// <c>GET /</c>: what the service is, in the reader's language (<c>?lang=fr</c>), without touching storage; a
    /// signed-in user is sent to their home (issue 9).
    /// </summary>
    [Function(nameof(Home))]
    public IResult Home([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "")] HttpRequest request)
    {
        var http = request.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return Results.Redirect(IdentityRegistration.HomeOf(http.User));
        }
        var language = PageLanguage.Of(http);
        var intro = http.T(
            "Security questionnaires for the suppliers bidding for your project, rated against SSE-CMM and measured against a target confidence profile.",
            "Des questionnaires de sécurité pour les fournisseurs candidats à votre projet, notés selon le SSE-CMM et mesurés à l'aune d'un profil de confiance cible.");
        return Results.Content(
            $"""
            <!doctype html>
            <html lang="{language}"><head><meta charset="utf-8"><title>SupplierAssessment</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>
            <body><h1>SupplierAssessment</h1>
            <p>{intro}</p>
            <p><a href="/procurements">{http.T("Procurements", "Consultations")}</a> · <a href="/signin">{http.T("Sign in", "Se connecter")}</a></p>
            <p>{Typography.Punctuate(http.T("API: ", "API : "), language)}<code>POST /api/gap</code> ({http.T("what-if gap", "écart simulé")}), <code>GET /health</code>, <a href="/openapi/v1.json">OpenAPI</a>.</p>
            <p lang="{http.T("fr", "en")}"><a href="/?lang={http.T("fr", "en")}">{http.T("Français", "English")}</a></p>
            </body></html>
            """, "text/html; charset=utf-8");
    }

    /// <summary>
    /// <c>GET /health</c>: <c>{"status":"ok"}</c> as soon as the worker runs, whatever the state of storage. Locally the host
    /// answers it 503 instead while a queue listener cannot read its queue (tools/FunctionsLocalHost, issue 13).
    /// </summary>
    [Function(nameof(Health))]
    public IResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        TypedResults.Ok(new { status = "ok" });

    /// <summary>
    /// <c>GET /favicon.ico</c>, where browsers look for a site's icon when a page names none (the pages name
    /// /static/favicon.svg): the same SVG icon.
    /// </summary>
    [Function(nameof(Favicon))]
    public IResult Favicon([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "favicon.ico")] HttpRequest request) =>
        StaticAsset(request, "favicon.svg");

    /// <summary><c>GET /static/{*path}</c>: the CSS, scripts and icon of wwwroot/, embedded in the assembly, cached for an hour; 404 otherwise.</summary>
    [Function(nameof(StaticAsset))]
    public IResult StaticAsset([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "static/{*path}")] HttpRequest request, string path)
    {
        var name = "wwwroot/" + path;
        if (!Assets.Contains(name) || !ContentTypes.TryGetContentType(path, out var contentType))
        {
            return Results.NotFound();
        }
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Stream(Assembly.GetManifestResourceStream(name)!, contentType);
    }

    /// <summary>
    /// Any address no other function serves (a catch-all route: the host matches every other route first). A browser gets
    /// the 404 page in the site's layout and language, with the way back to the user's start page (issue 12 item 9);
    /// anything else, and always <c>/api/…</c>, a 404 problem+json.
    /// </summary>
    [Function(nameof(NoSuchAddress))]
    public IActionResult NoSuchAddress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "{*path}")] HttpRequest request)
    {
        var http = request.HttpContext;
        if (Pages.ErrorPages.ForBrowser(http) && !request.Path.StartsWithSegments("/api"))
        {
            return Pages.ErrorPages.NotFound(http, http.T(
                "No page is at this address. Check the address, or start again from your start page.",
                "Aucune page n'est à cette adresse. Vérifiez l'adresse, ou repartez de votre page d'accueil."));
        }
        return new ObjectResult(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No page or API operation is at this address." })
        {
            StatusCode = StatusCodes.Status404NotFound, ContentTypes = { "application/problem+json" },
        };
    }
}

using Microsoft.AspNetCore.StaticFiles;
using SupplierAssessment.Functions.Functions;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>Headers every page carries, and the static assets pages use (served as a function of their own).</summary>
public static class PageSecurity
{
    /// <summary>No inline script or style anywhere: scripts and styles come from /static only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UsePageSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer"; // supplier links hold their token: never leak it
            return Task.CompletedTask;
        });
        await next();
    });

    /// <summary><c>GET /static/{*path}</c>: the CSS and scripts of wwwroot/, embedded in the assembly, cached for an hour.</summary>
    public static IEndpointRouteBuilder MapStaticAssets(this IEndpointRouteBuilder app)
    {
        var types = new FileExtensionContentTypeProvider();
        var assembly = typeof(PageSecurity).Assembly;
        var assets = assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        app.MapFunction("StaticAsset", (string path, HttpContext http) =>
        {
            var name = "wwwroot/" + path;
            if (!assets.Contains(name) || !types.TryGetContentType(path, out var contentType))
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Stream(assembly.GetManifestResourceStream(name)!, contentType);
        }).ExcludeFromDescription();
        return app;
    }
}

/// <summary>The page language: ?lang=fr|en, else the "lang" cookie, else the browser's Accept-Language.</summary>
public static class PageLanguage
{
    /// <summary>Chosen once per request (a page asks for every text it shows), so that ?lang sets its cookie once.</summary>
    public static string Of(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(PageLanguage), out var chosen) && chosen is string language)
        {
            return language;
        }
        language = Choose(http);
        http.Items[typeof(PageLanguage)] = language;
        return language;
    }

    private static string Choose(HttpContext http)
    {
        var asked = http.Request.Query["lang"].ToString();
        if (asked is "en" or "fr")
        {
            http.Response.Cookies.Append("lang", asked, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return asked;
        }
        if (http.Request.Cookies["lang"] is "en" or "fr")
        {
            return http.Request.Cookies["lang"]!;
        }
        return http.Request.Headers.AcceptLanguage.ToString().StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";
    }

    /// <summary>Picks the English or the French text.</summary>
    public static string T(this HttpContext http, string en, string fr) => Of(http) == "fr" ? fr : en;
}


namespace SupplierAssessment.Functions.Hosting;

/// <summary>Headers every answer carries (set by <see cref="AccessMiddleware"/>).</summary>
public static class PageSecurity
{
    /// <summary>No inline script or style anywhere: scripts and styles come from /static only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>
    /// Sets the CSP (unless the answer set its own), nosniff, no-referrer and <c>Cache-Control: no-store</c> (unless
    /// the answer set its own caching, as static files do) when the answer starts: pages, reports and downloads are a
    /// signed-in user's or hold a supplier's token, and no browser or proxy cache may keep them (issue 13).
    /// </summary>
    public static void AddHeaders(HttpContext http) => http.Response.OnStarting(() =>
    {
        var headers = http.Response.Headers;
        if (!headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
        if (!headers.ContainsKey("Cache-Control"))
        {
            headers.CacheControl = "no-store";
        }
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer"; // supplier links hold their token: never leak it
        return Task.CompletedTask;
    });
}

/// <summary>The page language: ?lang=fr|en, else the "lang" cookie, else (<see cref="Prefer"/>) the reader's own, else the browser's Accept-Language.</summary>
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

    /// <summary>
    /// The page language where the reader's own is known (a supplier's link names the invitation, which keeps it):
    /// ?lang, then the "lang" cookie, then <paramref name="readerLanguage"/> ("en" or "fr"), before the browser's
    /// Accept-Language. Call it before the page's first text.
    /// </summary>
    public static string Prefer(HttpContext http, string readerLanguage)
    {
        if (http.Request.Query["lang"].ToString() is "en" or "fr" || http.Request.Cookies["lang"] is "en" or "fr"
            || readerLanguage is not ("en" or "fr"))
        {
            return Of(http);
        }
        http.Items[typeof(PageLanguage)] = readerLanguage;
        return readerLanguage;
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
    public static string T(this HttpContext http, string en, string fr) => Pick(Of(http), en, fr);

    /// <summary>Picks the English or the French text for a language already chosen ("en" or "fr"), e.g. kept on a view model.</summary>
    public static string Pick(string language, string en, string fr) => language == "fr" ? fr : en;
}

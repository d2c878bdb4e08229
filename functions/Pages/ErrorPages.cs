using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

/// <summary>What an error page says: its heading, one sentence of what happened and what to do, and the way on.</summary>
public sealed record ErrorPageModel(string Title, string Message, string LinkHref, string LinkText);

/// <summary>
/// The 400, 403, 404 and 500 pages a browser gets, in the site's layout and language (<c>Shared/Error</c>). The API
/// and non-browser callers keep problem+json: <see cref="ForBrowser"/> says which one a request gets. An address that
/// is no function at all never reaches the app: the Functions host answers it with its own 404.
/// </summary>
public static class ErrorPages
{
    private const string View = "Shared/Error";

    /// <summary>A page request from a browser: outside <c>/api</c> and accepting HTML.</summary>
    public static bool ForBrowser(HttpContext http) =>
        !http.Request.Path.StartsWithSegments("/api")
        && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A thing that does not exist or is not the user's: the same 404 either way, saying <paramref name="message"/>
    /// under <paramref name="title"/> ("Page not found" when null).
    /// </summary>
    public static ViewResult NotFound(HttpContext http, string message, string? title = null) =>
        Page(http, StatusCodes.Status404NotFound, title ?? http.T("Page not found", "Page introuvable"), message);

    /// <summary>A signed-in user whose role does not allow the page (403).</summary>
    public static ViewResult Forbidden(HttpContext http) => Page(http, StatusCodes.Status403Forbidden,
        http.T("Not allowed", "Accès refusé"),
        http.T("You are signed in, but your role does not give access to this page. Ask an administrator if you need it.",
            "Vous êtes connecté, mais votre rôle ne donne pas accès à cette page. Demandez-le à un administrateur si vous en avez besoin."));

    /// <summary>A failure on our side (500): nothing the user sent is blamed.</summary>
    public static ViewResult ServerError(HttpContext http) => Page(http, StatusCodes.Status500InternalServerError,
        http.T("Something went wrong", "Une erreur s'est produite"),
        http.T("Something went wrong on our side; nothing you sent was lost. Try again in a moment.",
            "Une erreur s'est produite de notre côté ; rien de ce que vous avez envoyé n'est perdu. Réessayez dans un instant."));

    /// <summary>A form whose anti-forgery token is missing or expired (400), with a link back to its page.</summary>
    public static ViewResult FormExpired(HttpContext http) => Page(http, StatusCodes.Status400BadRequest,
        http.T("This form has expired", "Ce formulaire a expiré"),
        http.T("This form has expired or did not come from this site, so nothing was saved. Open the page again and send the form once more.",
            "Ce formulaire a expiré ou ne vient pas de ce site : rien n'a été enregistré. Rouvrez la page et renvoyez le formulaire."),
        BackToForm(http));

    /// <summary>A form body that cannot be read (400 or 413: <paramref name="reason"/>, as the reader gave it), with a link back to its page.</summary>
    public static ViewResult FormUnreadable(HttpContext http, int status, string reason) => Page(http, status,
        http.T("The form could not be read", "Le formulaire n'a pas pu être lu"),
        http.T($"Nothing was saved: {reason} Open the page again and send the form once more.",
            $"Rien n'a été enregistré : {reason} Rouvrez la page et renvoyez le formulaire."),
        BackToForm(http));

    /// <summary>Any other refusal of a page's request (e.g. 409): its <paramref name="message"/>, with a link back to the page.</summary>
    public static ViewResult Refused(HttpContext http, int status, string message) => Page(http, status,
        http.T("Nothing was saved", "Rien n'a été enregistré"), message, BackToForm(http));

    /// <summary>Too many wrong keys or links from the caller's address (429): how long to wait, with a link back to the page.</summary>
    public static ViewResult TooManyAttempts(HttpContext http, int seconds) => Page(http, StatusCodes.Status429TooManyRequests,
        http.T("Too many attempts", "Trop de tentatives"),
        http.T($"Too many wrong keys or links from your address. Try again in {seconds} s.",
            $"Trop de clés ou de liens erronés depuis votre adresse. Réessayez dans {seconds} s."),
        BackToForm(http));

    /// <summary>Writes <paramref name="page"/> as the answer, from middleware (outside a function's result).</summary>
    public static Task WriteAsync(HttpContext http, ViewResult page) =>
        page.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));

    private static ViewResult Page(HttpContext http, int status, string title, string message, (string Href, string Text)? link = null)
    {
        var (href, text) = link ?? Home(http);
        return PageView.Of(http, View, new ErrorPageModel(title, message, href, text), status);
    }

    /// <summary>Every page that takes a form answers GET at the same address.</summary>
    private static (string, string) BackToForm(HttpContext http) => (http.Request.Path.Value ?? "/", http.T("Back to the page", "Retour à la page"));

    /// <summary>Where the user starts: their procurements, the administration, or the home page.</summary>
    private static (string, string) Home(HttpContext http) =>
        http.User.IsInRole(Roles.ProjectManager) ? ("/procurements", http.T("Your procurements", "Vos consultations"))
        : http.User.IsInRole(Roles.Expert) ? ("/reviews", http.T("My reviews", "Mes revues"))
        : http.User.IsInRole(Roles.Admin) ? ("/manage", http.T("Templates and profiles", "Modèles et profils"))
        : ("/", http.T("Home", "Accueil"));
}

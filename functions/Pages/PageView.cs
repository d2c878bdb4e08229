using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace SupplierAssessment.Functions.Pages;

/// <summary>
/// A page is an HTTP function that returns one of these: the MVC view <c>/Pages/{name}.cshtml</c> rendered
/// server-side with its model, inside <c>/Pages/Shared/_Layout.cshtml</c> (docs/decisions/ADR-002). Forms in the
/// views carry the anti-forgery token (the form tag helper adds it); <see cref="Hosting.AccessMiddleware"/> checks it.
/// </summary>
public static class PageView
{
    /// <param name="http">The request (its services give the view engine's metadata).</param>
    /// <param name="name">The view, relative to /Pages without extension, e.g. "Procurements/Detail".</param>
    /// <param name="model">The view's <c>@model</c> (null for a view that has none, e.g. a plain "not found" page).</param>
    /// <param name="statusCode">200, or e.g. 400 when a form comes back with its errors, 404 for an unknown thing.</param>
    public static ViewResult Of(HttpContext http, string name, object? model, int statusCode = StatusCodes.Status200OK) => new()
    {
        ViewName = name,
        StatusCode = statusCode,
        ViewData = new ViewDataDictionary(http.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary()) { Model = model },
    };

    /// <summary>
    /// The anti-forgery field for the layout's sign-out form, or null when no token can be made now (the key ring in
    /// storage is unreachable): the page — often the 500 page saying so — is then shown without the sign-out button
    /// rather than not at all.
    /// </summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent? AntiForgeryTokenOrNull(Microsoft.AspNetCore.Mvc.Rendering.IHtmlHelper html)
    {
        try
        {
            return html.AntiForgeryToken();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A local path to go back to after a form, or the fallback: never an open redirect.</summary>
    public static string SafeReturn(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] != '/' && returnUrl[1] != '\\' ? returnUrl : fallback;

    /// <summary>
    /// The request's TempData (kept in a cookie): what a page says once after a redirect ("Saved at 14:05 UTC").
    /// No MVC filter runs around a function, so call <see cref="ITempDataDictionary.Save"/> after setting or
    /// reading it, before returning: that writes (or clears) the cookie.
    /// </summary>
    public static ITempDataDictionary TempData(HttpContext http) =>
        http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);

    /// <summary>A posted field as Razor Pages bound a string: absent or blank is null, anything else as typed.</summary>
    public static string? Field(IFormCollection form, string name) =>
        form[name].ToString() is var value && !string.IsNullOrWhiteSpace(value) ? value : null;
}

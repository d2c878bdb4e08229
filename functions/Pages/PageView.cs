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
    /// <param name="model">The view's <c>@model</c>.</param>
    /// <param name="statusCode">200, or e.g. 400 when a form comes back with its errors, 404 for an unknown thing.</param>
    public static ViewResult Of(HttpContext http, string name, object model, int statusCode = StatusCodes.Status200OK) => new()
    {
        ViewName = name,
        StatusCode = statusCode,
        ViewData = new ViewDataDictionary(http.RequestServices.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary()) { Model = model },
    };

    /// <summary>A local path to go back to after a form, or the fallback: never an open redirect.</summary>
    public static string SafeReturn(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] != '/' && returnUrl[1] != '\\' ? returnUrl : fallback;
}
